package dev.jrun.launch;

import java.util.List;

/**
 * How the container's root is mounted: read-only or not ({@code --read-only}), without device nodes
 * or not, the tmpfs and host directories mounted on it ({@code --tmpfs}, {@code --volume}), and its
 * cgroups at /sys/fs/cgroup or not.
 *
 * @param tmpfs made in order, before the root's own flags change
 * @param volumes bound in order, after the tmpfs mounts
 * @param devices made after /dev is mounted (their cgroup rules are the cgroup's business)
 * @param cgroupMount the container's cgroups, mounted right after /sys; null leaves /sys/fs/cgroup empty
 */
public record RootfsOptions(boolean readOnly, List<Tmpfs> tmpfs, List<Volume> volumes, List<Device> devices,
                            CgroupMount cgroupMount) {
    public static final RootfsOptions DEFAULT = new RootfsOptions(false, List.of(), List.of(), List.of(), null);

    public RootfsOptions {
        tmpfs = List.copyOf(tmpfs);
        volumes = List.copyOf(volumes);
        devices = List.copyOf(devices);
    }

    /** The same options with the container's cgroups at /sys/fs/cgroup, as decided when its cgroup exists. */
    public RootfsOptions withCgroupMount(CgroupMount mount) {
        return new RootfsOptions(readOnly, tmpfs, volumes, devices, mount);
    }

    /**
     * A host device node given to the container ({@code --device HOST[:CONTAINER][:rwm]}), made
     * after /dev is mounted: with mknod as root, as a bind of the host's node rootless.
     *
     * @param source the host's node
     * @param target where it appears: a host path inside the rootfs, resolved there (under the
     *               container's /dev it lands on the fresh /dev)
     * @param type {@code FileStat.S_IFCHR} or {@code S_IFBLK}
     * @param mode permission bits, as the host's node has them
     */
    public record Device(String source, String target, int type, int major, int minor, int mode) {
        /** Whether the launch makes the node at {@code containerPath} itself (/dev/null, /dev/tty...). */
        public static boolean madeByLaunch(String containerPath) {
            return containerPath.startsWith("/dev/")
                    && ContainerSetup.DEVICE_NAMES.contains(containerPath.substring("/dev/".length()));
        }
    }

    /**
     * A host file or directory bound into the container ({@code --volume HOST:CONTAINER[:ro]}, or a
     * bind mount of a bundle's config.json).
     *
     * @param source the host path, absolute and existing
     * @param target the host path of its mount point: inside the rootfs, resolved there without
     *               following symlinks out, made beforehand as the same kind of file as the source
     * @param recursive whether mounts below the source come along ({@code rbind})
     * @param remountFlags {@code MS_RDONLY}, {@code MS_NOSUID}, {@code MS_NODEV}, {@code MS_NOEXEC}
     *                     to set on the bind by a remount; 0 for none
     * @param propagation {@code MS_SHARED}, {@code MS_SLAVE} or {@code MS_PRIVATE} (with {@code MS_REC}
     *                    or not) to set on it; 0 leaves it private, as every mount of the container is
     */
    public record Volume(String source, String target, boolean recursive, long remountFlags, long propagation) {
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
