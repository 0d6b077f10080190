package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The entries of a tar, listed once, by name without "./", a leading "/" or "..". Files are read
 * later as byte ranges of the tar, so nothing is held open.
 */
final class TarEntries implements ArchiveFiles {

    /** docker save stores a layer shared by two images once and links the other copy to it. */
    private static final int MAX_LINKS = 8;

    private final Path source;
    private final long size;
    private final Map<String, TarArchiveEntry> entries;

    private TarEntries(Path source, long size, Map<String, TarArchiveEntry> entries) {
        this.source = source;
        this.size = size;
        this.entries = entries;
    }

    static TarEntries list(Path tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        try (TarFile file = new TarFile(tar)) {
            for (TarArchiveEntry entry : file.getEntries()) {
                entries.put(clean(entry.getName()), entry); // a later entry of the same name wins, as tar does
            }
        }
        return new TarEntries(tar, Files.size(tar), entries);
    }

    @Override
    public Path source() {
        return source;
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** Follows symbolic and hard links inside the tar. */
    @Override
    public FileRange find(String name) throws ImageException {
        String current = clean(name);
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            TarArchiveEntry entry = entries.get(current);
            if (entry == null) {
                return null;
            }
            if (entry.isSymbolicLink()) {
                current = clean(current.substring(0, current.lastIndexOf('/') + 1) + entry.getLinkName());
            } else if (entry.isLink()) {
                current = clean(entry.getLinkName()); // hard link targets are named from the tar's top
            } else if (!entry.isFile()) {
                throw ImageException.image(source, name + " is not a file");
            } else if (entry.getDataOffset() + entry.getSize() > size) {
                throw ImageException.image(source, name + " is cut short (the archive is truncated)");
            } else {
                return new FileRange(source, entry.getDataOffset(), entry.getSize());
            }
        }
        throw ImageException.image(source, name + ": too many levels of links");
    }

    /** Entry names compare without "./", leading "/" or ".." (which cannot climb above the archive). */
    private static String clean(String name) {
        return Path.of("/", name).normalize().toString().substring(1);
    }
}
