package dev.jrun.layer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrun.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Docker-archives whose layer tars hold exactly the raw entries a test gives, hostile ones
 * included: names are written as they are (no cleaning, leading "/" kept, long ones as PAX
 * {@code path}), so {@code ../x}, absolute names, links anywhere, device nodes, duplicates,
 * whiteouts, hand-made PAX headers and lying size fields all reach the extractor unchanged.
 * {@code rootfs.diff_ids} are right unless {@link #writeWithWrongDiffId} is asked for.
 */
final class HostileArchives {

    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    private static final FileTime MTIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final int RECORD = TarConstants.DEFAULT_RCDSIZE;
    /** Header field offsets (POSIX ustar): size at 124, checksum at 148. */
    private static final int SIZE_OFFSET = TarConstants.NAMELEN + TarConstants.MODELEN + TarConstants.UIDLEN
            + TarConstants.GIDLEN;
    private static final int CHECKSUM_OFFSET = SIZE_OFFSET + TarConstants.SIZELEN + TarConstants.MODTIMELEN;

    private HostileArchives() {
    }

    /**
     * One raw tar entry.
     *
     * @param type the tar type flag ({@link TarConstants#LF_NORMAL}, {@link TarConstants#LF_SYMLINK}, ...)
     * @param claimedSize if not negative, the size the header claims instead of {@code data.length}; the
     *                    layer tar then ends right after {@code data} (a truncated archive), so such an
     *                    entry must be the last of its layer
     */
    record Entry(String name, byte type, String link, byte[] data, int mode, long uid, long gid, int devMajor,
                 int devMinor, long claimedSize) {

        Entry ownedBy(long newUid, long newGid) {
            return new Entry(name, type, link, data, mode, newUid, newGid, devMajor, devMinor, claimedSize);
        }

        Entry withMode(int newMode) {
            return new Entry(name, type, link, data, newMode, uid, gid, devMajor, devMinor, claimedSize);
        }

        /** The header says {@code size} bytes follow; only {@link #data} do, then the layer tar ends. */
        Entry claimingSize(long size) {
            return new Entry(name, type, link, data, mode, uid, gid, devMajor, devMinor, size);
        }

        @Override
        public String toString() {
            return (char) type + " " + name + (link == null ? "" : " -> " + link);
        }
    }

    static Entry file(String name, String content) {
        return raw(name, TarConstants.LF_NORMAL, null, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** A directory entry; the name gets its trailing "/" if it lacks one. */
    static Entry directory(String name) {
        return raw(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, null, new byte[0], 0755);
    }

    static Entry symlink(String name, String target) {
        return raw(name, TarConstants.LF_SYMLINK, target, new byte[0], 0777);
    }

    static Entry hardLink(String name, String target) {
        return raw(name, TarConstants.LF_LINK, target, new byte[0], 0644);
    }

    static Entry charDevice(String name, int major, int minor) {
        return device(name, TarConstants.LF_CHR, major, minor);
    }

    static Entry blockDevice(String name, int major, int minor) {
        return device(name, TarConstants.LF_BLK, major, minor);
    }

    static Entry fifo(String name) {
        return raw(name, TarConstants.LF_FIFO, null, new byte[0], 0644);
    }

    /** The whiteout hiding {@code path}: {@code dir/.wh.name}; {@code whiteout("..")} is {@code .wh...}. */
    static Entry whiteout(String path) {
        int slash = path.lastIndexOf('/');
        return file(path.substring(0, slash + 1) + WHITEOUT + path.substring(slash + 1), "");
    }

    /** The opaque whiteout of {@code dir} ("" for the root). */
    static Entry opaqueWhiteout(String dir) {
        return file(dir.isEmpty() ? OPAQUE : dir + "/" + OPAQUE, "");
    }

    /**
     * A hand-made local PAX header ({@code x}) that applies to the next entry, records in the order
     * given, values written byte for byte (NULs included). The next entry should have a short name,
     * or the writer adds a PAX header of its own in between.
     */
    static Entry pax(Map<String, String> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, String> record : records.entrySet()) {
            byte[] body = (" " + record.getKey() + "=" + record.getValue() + "\n").getBytes(StandardCharsets.UTF_8);
            // The length prefix counts its own digits.
            int length = body.length + 1;
            while (length != body.length + String.valueOf(length).length()) {
                length = body.length + String.valueOf(length).length();
            }
            data.writeBytes(String.valueOf(length).getBytes(StandardCharsets.US_ASCII));
            data.writeBytes(body);
        }
        return raw("PaxHeaders.0/next", TarConstants.LF_PAX_EXTENDED_HEADER_LC, null, data.toByteArray(), 0644);
    }

    /** {@link #pax} with records given as key, value, key, value, ... */
    static Entry pax(String... keysAndValues) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            records.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return pax(records);
    }

    static List<Entry> layer(Entry... entries) {
        return List.of(entries);
    }

    private static Entry device(String name, byte type, int major, int minor) {
        return new Entry(name, type, null, new byte[0], 0666, 0, 0, major, minor, -1);
    }

    private static Entry raw(String name, byte type, String link, byte[] data, int mode) {
        return new Entry(name, type, link, data, mode, 0, 0, 0, 0, -1);
    }

    /** What was written: the archive, and per layer its name in manifest.json and its real diff_id. */
    record Written(Path archive, List<String> layerNames, List<String> diffIds) {

        /** The ways a message may name layer {@code index}: its file name, its diff_id or that id's short form. */
        List<String> namesOfLayer(int index) {
            String diffId = diffIds.get(index);
            String hex = diffId.substring(diffId.indexOf(':') + 1);
            return List.of(layerNames.get(index), diffId, hex.substring(0, 12));
        }
    }

    /** Writes a docker-archive with layers {@code l1.tar, l2.tar, ...} and their true diff_ids. */
    static Written write(Path archive, List<List<Entry>> layers) throws IOException {
        return write(archive, layers, -1);
    }

    /** Like {@link #write}, but the config lists a wrong (well-formed) diff_id for layer {@code wrongLayer}. */
    static Written writeWithWrongDiffId(Path archive, List<List<Entry>> layers, int wrongLayer) throws IOException {
        if (wrongLayer < 0 || wrongLayer >= layers.size()) {
            throw new IllegalArgumentException("no layer " + wrongLayer);
        }
        return write(archive, layers, wrongLayer);
    }

    private static Written write(Path archive, List<List<Entry>> layers, int wrongLayer) throws IOException {
        List<String> names = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        List<String> configDiffIds = new ArrayList<>();
        List<byte[]> tars = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            byte[] tar = layerTar(layers.get(i));
            tars.add(tar);
            names.add("l" + (i + 1) + ".tar");
            String diffId = "sha256:" + sha256(tar);
            diffIds.add(diffId);
            configDiffIds.add(i == wrongLayer ? "sha256:" + sha256((diffId + " is not this").getBytes(
                    StandardCharsets.UTF_8)) : diffId);
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", Platform.host().architecture());
        config.put("os", "linux");
        config.put("config", Map.of("Cmd", List.of("/bin/sh")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", configDiffIds));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("Config", "config.json");
        manifest.put("RepoTags", List.of("t:1"));
        manifest.put("Layers", names);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            addFile(tar, "manifest.json", json.writeValueAsBytes(List.of(manifest)));
            addFile(tar, "config.json", json.writeValueAsBytes(config));
            for (int i = 0; i < tars.size(); i++) {
                addFile(tar, names.get(i), tars.get(i));
            }
        }
        Files.createDirectories(archive.toAbsolutePath().getParent());
        Files.write(archive, bytes.toByteArray());
        return new Written(archive, List.copyOf(names), List.copyOf(diffIds));
    }

    /** The uncompressed layer tar holding {@code entries} as given. */
    static byte[] layerTar(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long cutAt = -1;
        int claimHeader = -1;
        long claimedSize = -1;
        // Block size 512: every header is in `bytes` as soon as putArchiveEntry returns.
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, RECORD)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                tar.putArchiveEntry(header(entry));
                if (entry.claimedSize() >= 0) {
                    if (i != entries.size() - 1) {
                        throw new IllegalArgumentException(entry + " claims a size, so it must be its layer's last");
                    }
                    claimHeader = bytes.size() - RECORD;
                    cutAt = bytes.size() + (long) entry.data().length;
                    claimedSize = entry.claimedSize();
                }
                tar.write(entry.data());
                tar.closeArchiveEntry();
            }
        }
        byte[] tar = bytes.toByteArray();
        if (claimHeader < 0) {
            return tar;
        }
        // Base-256 (GNU/star) size field, which holds any size, then the header checksum again.
        TarUtils.formatLongOctalOrBinaryBytes(claimedSize, tar, claimHeader + SIZE_OFFSET, TarConstants.SIZELEN);
        Arrays.fill(tar, claimHeader + CHECKSUM_OFFSET, claimHeader + CHECKSUM_OFFSET + TarConstants.CHKSUMLEN,
                (byte) ' ');
        byte[] header = Arrays.copyOfRange(tar, claimHeader, claimHeader + RECORD);
        TarUtils.formatCheckSumOctalBytes(TarUtils.computeCheckSum(header), tar, claimHeader + CHECKSUM_OFFSET,
                TarConstants.CHKSUMLEN);
        return Arrays.copyOf(tar, Math.toIntExact(cutAt));
    }

    private static TarArchiveEntry header(Entry entry) {
        TarArchiveEntry header = new TarArchiveEntry(entry.name(), entry.type(), true);
        if (entry.link() != null) {
            header.setLinkName(entry.link());
        }
        header.setSize(entry.data().length);
        header.setMode(entry.mode());
        header.setIds(Math.toIntExact(entry.uid()), Math.toIntExact(entry.gid()));
        header.setUserName("");
        header.setGroupName("");
        header.setModTime(MTIME);
        if (entry.type() == TarConstants.LF_CHR || entry.type() == TarConstants.LF_BLK) {
            header.setDevMajor(entry.devMajor());
            header.setDevMinor(entry.devMinor());
        }
        return header;
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(0644);
        entry.setModTime(MTIME);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
