package dev.jrun.layer;

import dev.jrun.image.ImageException;
import dev.jrun.linux.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Copies stored layers, one over another, into a plain directory: the rootfs where overlayfs
 * cannot be mounted. Each layer directory is read back as the tar entries it came from (its 0:0
 * character devices as {@code .wh.} whiteouts, its opaque directories as {@code .wh..wh..opq})
 * and applied by the same {@link LayerExtractor} as a tar, so both paths obey the same rules.
 */
final class LayerCopy {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String ATTRIBUTES = "unix:mode,uid,gid,rdev,ino,nlink,lastModifiedTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    private LayerCopy() {
    }

    /** Applies the tree {@code layerDir}/diff to {@code root}, with whiteouts applied. */
    static void apply(String name, Path layerDir, RootDir root) throws ImageException, IOException, SyscallException {
        LayerExtractor extractor = new LayerExtractor(name, root, Whiteouts.APPLY);
        Path opaque = layerDir.resolve(LayerStore.OPAQUE);
        if (Files.exists(opaque)) {
            for (String dir : Files.readAllLines(opaque)) {
                TarArchiveEntry whiteout = new TarArchiveEntry(Paths.join(dir, LayerExtractor.OPAQUE_WHITEOUT));
                extractor.apply(whiteout, Map.of(), InputStream.nullInputStream());
            }
        }
        Path diff = layerDir.resolve(LayerStore.DIFF);
        Map<Object, String> inodes = new HashMap<>();
        Files.walkFileTree(diff, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(diff)) {
                    applyEntry(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                applyEntry(file);
                return FileVisitResult.CONTINUE;
            }

            private void applyEntry(Path file) throws IOException {
                String path = diff.relativize(file).toString();
                Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, NOFOLLOW);
                TarArchiveEntry entry = entry(file, path, a, inodes);
                boolean data = entry.isFile() && !entry.getName().contains(LayerExtractor.WHITEOUT_PREFIX)
                        && Files.isRegularFile(file, NOFOLLOW);
                try (InputStream content = data ? Files.newInputStream(file, NOFOLLOW) : InputStream.nullInputStream()) {
                    // security.capability and the like travel too; overlayfs's own (the opaque mark) stay
                    Map<String, byte[]> xattrs = new HashMap<>(root.sys().lgetxattrs(file.toString()));
                    xattrs.keySet().removeIf(LayerExtractor::isOverlayXattr);
                    extractor.apply(entry, xattrs, content);
                } catch (ImageException | SyscallException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        });
        extractor.finish();
    }

    /** The tar entry that {@code file} of a layer directory stands for. */
    private static TarArchiveEntry entry(Path file, String path, Map<String, Object> a, Map<Object, String> inodes)
            throws IOException {
        int mode = (Integer) a.get("mode");
        int type = mode & S_IFMT;
        long rdev = (Long) a.get("rdev");
        TarArchiveEntry entry;
        if (type == S_IFCHR && rdev == 0) {
            // overlayfs's whiteout: back to the tar form
            return new TarArchiveEntry(Paths.join(Paths.parent(path), LayerExtractor.WHITEOUT_PREFIX
                    + Paths.name(path)));
        } else if (Files.isDirectory(file, NOFOLLOW)) {
            entry = new TarArchiveEntry(path + "/", TarConstants.LF_DIR);
        } else if (Files.isSymbolicLink(file)) {
            entry = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (type == S_IFCHR || type == S_IFBLK || type == S_IFIFO) {
            entry = new TarArchiveEntry(path, type == S_IFCHR ? TarConstants.LF_CHR
                    : type == S_IFBLK ? TarConstants.LF_BLK : TarConstants.LF_FIFO);
            entry.setDevMajor(dev.jrun.linux.DeviceNumbers.major(rdev));
            entry.setDevMinor(dev.jrun.linux.DeviceNumbers.minor(rdev));
        } else {
            String first = (Integer) a.get("nlink") > 1 ? inodes.putIfAbsent(a.get("ino"), path) : null;
            if (first != null) {
                entry = new TarArchiveEntry(path, TarConstants.LF_LINK);
                entry.setLinkName(first);
            } else {
                entry = new TarArchiveEntry(path);
                entry.setSize(Files.size(file));
            }
        }
        entry.setMode(mode & 07777);
        entry.setUserId((Integer) a.get("uid"));
        entry.setGroupId((Integer) a.get("gid"));
        entry.setLastModifiedTime((FileTime) a.get("lastModifiedTime"));
        return entry;
    }

    /** The layers {@code layerDirs} (bottom first) one over another in {@code root}. */
    static void applyAll(List<Path> layerDirs, RootDir root) throws ImageException, IOException, SyscallException {
        for (Path layerDir : layerDirs) {
            apply(layerDir.getFileName().toString(), layerDir, root);
        }
    }
}
