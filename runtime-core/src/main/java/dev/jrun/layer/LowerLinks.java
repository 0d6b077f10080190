package dev.jrun.layer;

import dev.jrun.image.ImageException;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Makes the hard links of a layer whose targets lie in lower layers. Layers of the store are
 * separate directories, so such a link becomes a copy of the topmost lower file of that path
 * (overlayfs would copy it up on first write anyway).
 */
final class LowerLinks {

    private LowerLinks() {
    }

    /**
     * @param lowers the lower layers' trees, bottom first
     */
    static void copy(Syscalls sys, String layer, List<LowerLink> links, Path diff, List<Path> lowers)
            throws ImageException, IOException, SyscallException {
        if (links.isEmpty()) {
            return;
        }
        try (RootDir target = new RootDir(sys, diff)) {
            for (LowerLink link : links) {
                int source = openTopmost(sys, link.target(), lowers);
                if (source < 0) {
                    throw ImageException.layer(layer, "entry " + link.path() + ": hard link to " + link.target()
                            + ", which is not in the image");
                }
                try {
                    int dir = target.directory(Paths.parent(link.path()));
                    target.delete(dir, Paths.name(link.path()));
                    // Both paths start with a /proc magic link to a descriptor opened inside its root, so
                    // the copy follows no symlink of the image; the new file is created O_EXCL.
                    Files.copy(fdPath(source), fdPath(dir).resolve(Paths.name(link.path())),
                            StandardCopyOption.COPY_ATTRIBUTES);
                } finally {
                    sys.close(source);
                }
            }
        }
    }

    /** A read descriptor of {@code path} in the topmost lower layer that has it as a file, or -1. */
    private static int openTopmost(Syscalls sys, String path, List<Path> lowers) throws SyscallException {
        for (int i = lowers.size() - 1; i >= 0; i--) {
            try (RootDir lower = new RootDir(sys, lowers.get(i))) {
                return lower.open(path, OpenFlags.O_RDONLY);
            } catch (SyscallException e) {
                // not in this layer (or not a plain file there): look lower
            }
        }
        return -1;
    }

    private static Path fdPath(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }
}
