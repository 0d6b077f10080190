package dev.jrun.launch;

import static dev.jrun.linux.Mount.MS_BIND;
import static dev.jrun.linux.Mount.MS_NODEV;
import static dev.jrun.linux.Mount.MS_NOEXEC;
import static dev.jrun.linux.Mount.MS_NOSUID;
import static dev.jrun.linux.Mount.MS_RDONLY;
import static dev.jrun.linux.Mount.MS_REC;
import static dev.jrun.linux.Mount.MS_REMOUNT;
import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_RDONLY;

import dev.jrun.linux.At;
import dev.jrun.linux.Errno;
import dev.jrun.linux.FileStat;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.util.List;

/**
 * Masked and read-only paths (docker's lists below, or a config.json's): parts of /proc and /sys that show or change the host (its
 * keys, memory, interrupts, firmware, kernel settings). Applied at the exec barrier, inside the
 * container's mount namespace, after /proc is mounted and before any of the container's code runs,
 * so nothing in the container can have replaced a target (or /dev/null) with a symlink yet.
 */
final class PathMasks {
    /** Hidden: a file under /dev/null, a directory under an empty read-only tmpfs. */
    static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/proc/interrupts", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Visible but read-only: a bind mount of itself, remounted read-only. */
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private final Syscalls sys;

    PathMasks(Syscalls sys) {
        this.sys = sys;
    }

    /**
     * Masks {@code masked} and makes {@code readOnly} read-only in the mount namespace of process
     * {@code childPid}; paths this kernel lacks are skipped.
     */
    void apply(int childPid, List<String> masked, List<String> readOnly) throws SyscallException, LaunchException {
        int mntNs = sys.open("/proc/" + childPid + "/ns/mnt", O_RDONLY | O_CLOEXEC, 0);
        try {
            FreshThread.inMountNamespace(sys, "jrun-mask-paths", mntNs, () -> {
                for (String path : masked) {
                    mask(path);
                }
                for (String path : readOnly) {
                    makeReadOnly(path);
                }
            });
        } finally {
            sys.close(mntNs);
        }
    }

    private void mask(String path) throws SyscallException {
        FileStat stat = statOrNull(path);
        if (stat == null) {
            return;
        }
        if ((stat.mode() & FileStat.S_IFMT) == FileStat.S_IFDIR) {
            sys.mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0");
        } else {
            sys.mount("/dev/null", path, null, MS_BIND, null);
        }
    }

    private void makeReadOnly(String path) throws SyscallException {
        if (statOrNull(path) == null) {
            return;
        }
        sys.mount(path, path, null, MS_BIND | MS_REC, null);
        sys.mount(null, path, null, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, null);
    }

    private FileStat statOrNull(String path) throws SyscallException {
        try {
            return sys.statx(OpenFlags.AT_FDCWD, path, At.AT_SYMLINK_NOFOLLOW);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }
}
