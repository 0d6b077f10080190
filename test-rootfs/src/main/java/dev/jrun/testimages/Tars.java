package dev.jrun.testimages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Deterministic tar bytes: sorted entries, one fixed mtime, owner names left empty. */
final class Tars {

    /** Every entry's mtime, so the same inputs give the same bytes on every build. */
    static final FileTime MTIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    private Tars() {
    }

    static byte[] write(List<LayerEntry> entries) throws IOException {
        List<LayerEntry> sorted = new ArrayList<>(entries);
        // Sorting by path puts every directory before its children, as docker's own layers do.
        sorted.sort(Comparator.comparing(LayerEntry::path));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (LayerEntry entry : sorted) {
                byte[] data = entry.data();
                tar.putArchiveEntry(header(entry, data.length));
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Cuts {@code tar} halfway through the data of {@code path}; returns it unchanged if it has no such entry. */
    static byte[] truncateInside(byte[] tar, String path) throws IOException {
        try (TarFile file = new TarFile(tar)) {
            for (TarArchiveEntry entry : file.getEntries()) {
                if (entry.getName().equals(path) && entry.getSize() > 1) {
                    return Arrays.copyOf(tar, Math.toIntExact(entry.getDataOffset() + entry.getSize() / 2));
                }
            }
        }
        return tar;
    }

    private static TarArchiveEntry header(LayerEntry entry, int size) {
        TarArchiveEntry header = switch (entry.kind()) {
            case DIRECTORY -> new TarArchiveEntry(entry.path() + "/", TarConstants.LF_DIR);
            case FILE -> new TarArchiveEntry(entry.path(), TarConstants.LF_NORMAL);
            case SYMLINK -> new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK);
            case HARD_LINK -> new TarArchiveEntry(entry.path(), TarConstants.LF_LINK);
        };
        if (entry.linkTarget() != null) {
            header.setLinkName(entry.linkTarget());
        }
        header.setSize(size);
        header.setMode(entry.mode());
        header.setIds(entry.uid(), entry.gid());
        // Commons Compress fills in the builder's login name otherwise.
        header.setUserName("");
        header.setGroupName("");
        header.setModTime(MTIME);
        return header;
    }
}
