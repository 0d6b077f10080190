package dev.jrun.launch;

import static dev.jrun.linux.Mount.MS_BIND;
import static dev.jrun.linux.Mount.MS_NODEV;
import static dev.jrun.linux.Mount.MS_NOEXEC;
import static dev.jrun.linux.Mount.MS_NOSUID;
import static dev.jrun.linux.Mount.MS_RDONLY;
import static dev.jrun.linux.Mount.MS_REMOUNT;

import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;

/**
 * Mounts a {@link CgroupMount} at the container's /sys/fs/cgroup, from the launch thread, right after
 * the container's sysfs: /sys/fs/cgroup is then that fresh sysfs's own directory, which no symlink of
 * the image can aim elsewhere, and everything below it is made here.
 *
 * <p>Rootless, the kernel may refuse a new cgroup mount (EPERM: a cgroup namespace that jrun's user
 * namespace does not own). That hierarchy is then the host's own mount of it, bound read-only, as
 * runc falls back for cgroup v2: the container sees host paths there, which its user can read on the
 * host anyway.
 */
final class CgroupMounter {
    /** What every cgroup mount and its tmpfs have, as runc's. */
    private static final long FLAGS = MS_NOSUID | MS_NODEV | MS_NOEXEC;

    private final Syscalls sys;
    /** The host path of the container's /sys/fs/cgroup. */
    private final String target;
    private final CgroupMount plan;
    /** Whether jrun runs as root of the initial user namespace, where a refused mount is an error. */
    private final boolean initialUserNamespace;
    /** Whether /sys is the host's, bound with its submounts: the host's own cgroup mounts are at the target. */
    private final boolean overHostSysfs;

    CgroupMounter(Syscalls sys, String target, CgroupMount plan, boolean initialUserNamespace, boolean overHostSysfs) {
        this.sys = sys;
        this.target = target;
        this.plan = plan;
        this.initialUserNamespace = initialUserNamespace;
        this.overHostSysfs = overHostSysfs;
    }

    /** The step's one-line reason, as this plan does it. */
    String why() {
        boolean bound = plan.hierarchies().stream().anyMatch(h -> h.bindSource() != null);
        return "/sys/fs/cgroup shows the container's own cgroups: " + (bound ? "its groups bound from the"
                + " host's (it has no cgroup namespace)" : "mounted in its cgroup namespace, which roots them at"
                + " its group") + (plan.split() ? "; a tmpfs holds one per hierarchy, as the host's does" : "")
                + (plan.readOnly() ? "; read-only" : "");
    }

    void mount() throws SyscallException {
        if (!plan.split()) {
            if (overHostSysfs) {
                // the host's cgroup2 is mounted here, and the kernel refuses a filesystem on the root of its own
                // mount (EBUSY): an empty tmpfs goes between
                sys.mount("tmpfs", target, "tmpfs", FLAGS, "mode=755");
            }
            mountHierarchy(plan.hierarchies().get(0), target);
            return;
        }
        sys.mount("tmpfs", target, "tmpfs", FLAGS, "mode=755");
        for (CgroupMount.Hierarchy hierarchy : plan.hierarchies()) {
            String dir = target + "/" + hierarchy.name();
            sys.mkdir(dir, 0755);
            mountHierarchy(hierarchy, dir);
            for (String link : hierarchy.links()) {
                sys.symlink(hierarchy.name(), target + "/" + link);
            }
        }
        if (plan.readOnly()) {
            sys.mount(null, target, null, MS_BIND | MS_REMOUNT | MS_RDONLY | FLAGS, null); // this mount only
        }
    }

    private void mountHierarchy(CgroupMount.Hierarchy hierarchy, String dir) throws SyscallException {
        long flags = FLAGS | (hierarchy.readOnly() ? MS_RDONLY : 0);
        if (hierarchy.bindSource() != null) {
            Binds.bind(sys, new RootfsOptions.Volume(hierarchy.bindSource(), dir, true, flags, 0));
            return;
        }
        try {
            sys.mount(hierarchy.type(), dir, hierarchy.type(), flags, hierarchy.options());
        } catch (SyscallException e) {
            if (e.errno() != Errno.EPERM || initialUserNamespace) {
                throw e;
            }
            String host = "/sys/fs/cgroup" + (hierarchy.name().isEmpty() ? "" : "/" + hierarchy.name());
            Binds.bind(sys, new RootfsOptions.Volume(host, dir, true, FLAGS | MS_RDONLY, 0));
        }
    }
}
