package dev.jrun.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the directories the launch mounts onto, and the working directory, inside a rootfs.
 * mount(2) follows symlinks in its target, so a mount point must be a real directory: an image whose
 * /dev is a symlink to a host path would otherwise aim the mount outside the rootfs.
 */
public final class MountPoints {
    /** Where the launch mounts /dev, /proc and /sys. */
    public static final List<String> REQUIRED = List.of("/dev", "/proc", "/sys");

    private MountPoints() {}

    /** Creates the mount points and {@code workdir} (absolute, in-container) when missing. */
    public static void prepare(Path rootfs, String workdir) throws IOException {
        for (String dir : REQUIRED) {
            Path host = rootfs.resolve(dir.substring(1));
            if (Files.isSymbolicLink(host) || (Files.exists(host, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(host))) {
                throw new IOException("rootfs: " + dir + " must be a directory, not a link or a file");
            }
            Files.createDirectories(host);
        }
        // resolved inside the rootfs: an image's symlinks in the path stay inside it
        Files.createDirectories(RootPaths.resolveFollowing(rootfs, workdir));
    }
}
