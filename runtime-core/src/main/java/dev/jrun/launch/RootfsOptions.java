package dev.jrun.launch;

import java.util.List;

/**
 * How the container's root is mounted: read-only or not ({@code --read-only}), and the tmpfs mounts
 * on it ({@code --tmpfs}).
 *
 * @param tmpfs made in order, before the root turns read-only
 */
public record RootfsOptions(boolean readOnly, List<Tmpfs> tmpfs) {
    public static final RootfsOptions DEFAULT = new RootfsOptions(false, List.of());

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
