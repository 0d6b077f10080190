package dev.jrun.runtime;

import static dev.jrun.linux.Mount.MS_NODEV;
import static dev.jrun.linux.Mount.MS_NOEXEC;
import static dev.jrun.linux.Mount.MS_NOSUID;
import static dev.jrun.linux.Mount.MS_RDONLY;

import dev.jrun.launch.RootfsOptions;
import dev.jrun.oci.OciMount;
import dev.jrun.rootfs.RootPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A bundle's {@code mounts}, turned into the launch's bind and tmpfs mounts. The kernel filesystems
 * every container has (/proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys) are the launch's own
 * steps, made the way launch.md says; a config's entries for them are therefore not mounted twice.
 * A cgroup mount at /sys/fs/cgroup asks the launch for the container's cgroups there.
 */
final class BundleMounts {
    /** Type and destination of the mounts the launch makes itself. */
    private static final Set<String> MADE_BY_LAUNCH = Set.of("proc /proc", "tmpfs /dev", "devpts /dev/pts",
            "tmpfs /dev/shm", "mqueue /dev/mqueue", "sysfs /sys");
    /** The filesystem types of a cgroup mount. */
    private static final Set<String> CGROUP_TYPES = Set.of("cgroup", "cgroup2");
    /** The flags a bind takes by a remount. */
    private static final long REMOUNT_FLAGS = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;

    /**
     * @param tmpfs in config order
     * @param binds in config order, after the tmpfs mounts
     * @param cgroups the container's cgroups at /sys/fs/cgroup (the last such mount); null for none
     */
    record Mounts(List<RootfsOptions.Tmpfs> tmpfs, List<RootfsOptions.Volume> binds, CgroupMountRequest cgroups) {}

    private BundleMounts() {}

    /**
     * Resolves each mount's destination inside {@code rootfs} and makes its mount point there.
     *
     * @throws JrunException naming {@code mounts[i]} for a missing source or an unsupported type
     */
    static Mounts prepare(Path rootfs, Path bundle, List<OciMount> mounts) throws JrunException, IOException {
        List<RootfsOptions.Tmpfs> tmpfs = new ArrayList<>();
        List<RootfsOptions.Volume> binds = new ArrayList<>();
        CgroupMountRequest cgroups = null;
        for (int i = 0; i < mounts.size(); i++) {
            OciMount m = mounts.get(i);
            String at = "mounts[" + i + "]";
            MountOptions options = MountOptions.parse(m.options());
            if (options.bind() || "bind".equals(m.type())) {
                binds.add(bind(rootfs, bundle, m, options, at));
            } else if (MADE_BY_LAUNCH.contains(m.type() + " " + m.destination())) {
                continue;
            } else if (CGROUP_TYPES.contains(m.type())) {
                if (!Path.of(m.destination()).normalize().equals(Path.of("/sys/fs/cgroup"))) {
                    throw new JrunException(at + ": a " + m.type() + " mount at " + m.destination() + " is not"
                            + " supported (jrun mounts the container's cgroups at /sys/fs/cgroup only)");
                }
                cgroups = new CgroupMountRequest((options.flags() & MS_RDONLY) != 0);
            } else if ("tmpfs".equals(m.type())) {
                Path target = RootPaths.resolveFollowing(rootfs, m.destination());
                Files.createDirectories(target);
                tmpfs.add(new RootfsOptions.Tmpfs(target.toString(), options.flags(), options.data()));
            } else {
                throw new JrunException(at + ": a " + m.type() + " mount at " + m.destination() + " is not supported"
                        + " (jrun makes bind and tmpfs mounts; proc, sysfs, devpts, mqueue and cgroup only at their"
                        + " usual places, which it mounts itself)");
            }
        }
        return new Mounts(tmpfs, binds, cgroups);
    }

    private static RootfsOptions.Volume bind(Path rootfs, Path bundle, OciMount m, MountOptions options, String at)
            throws JrunException, IOException {
        if (m.source() == null) {
            throw new JrunException(at + ".source: a bind mount needs a source");
        }
        Path source = bundle.resolve(m.source()); // a relative source is relative to the bundle
        if (!Files.exists(source)) {
            throw new JrunException(at + ".source: " + source + " does not exist");
        }
        Path target = VolumeMounts.mountPoint(rootfs, source, m.destination());
        return new RootfsOptions.Volume(source.toString(), target.toString(), options.recursive(),
                options.flags() & REMOUNT_FLAGS, options.propagation());
    }
}
