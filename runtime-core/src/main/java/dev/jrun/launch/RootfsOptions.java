package dev.jrun.launch;

import java.util.List;

/**
 * How the container's root is mounted: read-only or not ({@code --read-only}), without device nodes
 * or not, and the tmpfs mounts on it ({@code --tmpfs}).
 *
 * @param noDevices {@code nodev}: device nodes in the image cannot be opened (where no device
 *                  cgroup confines them)
 * @param tmpfs made in order, before the root's own flags change
 */
public record RootfsOptions(boolean readOnly, boolean noDevices, List<Tmpfs> tmpfs) {
    public static final RootfsOptions DEFAULT = new RootfsOptions(false, false, List.of());

    public RootfsOptions {
        tmpfs = List.copyOf(tmpfs);
    }

    /**
     * One tmpfs mount.
     *
     * @param target the host path of its mount point: a real directory inside the rootfs, resolved
     *               there without following symlinks out, so an image cannot aim it at the host
     * @param flags {@code MS_*} flags
     * @param data tmpfs options (size=, mode=, uid=, gid=)
     */
    public record Tmpfs(String target, long flags, String data) {}
}
