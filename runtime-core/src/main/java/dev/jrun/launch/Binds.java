package dev.jrun.launch;

import static dev.jrun.linux.Mount.MS_BIND;
import static dev.jrun.linux.Mount.MS_RDONLY;
import static dev.jrun.linux.Mount.MS_REC;
import static dev.jrun.linux.Mount.MS_REMOUNT;

import dev.jrun.linux.Errno;
import dev.jrun.linux.Mount;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;

/** Bind mounts of host files into the container: volumes, and cgroup directories without a namespace. */
final class Binds {
    private Binds() {}

    /**
     * A bind; read-only, nosuid and the like take a remount of the bind, which must also repeat the
     * flags its host mount has (a user namespace refuses to clear those).
     */
    static void bind(Syscalls sys, RootfsOptions.Volume volume) throws SyscallException {
        sys.mount(volume.source(), volume.target(), null, MS_BIND | (volume.recursive() ? MS_REC : 0), null);
        if (volume.remountFlags() != 0) {
            sys.mount(null, volume.target(), null, MS_BIND | MS_REMOUNT | volume.remountFlags()
                    | (sys.mountFlags(volume.target()) & ~MS_RDONLY), null);
        }
        if (volume.recursive() && (volume.remountFlags() & MS_RDONLY) != 0) {
            readOnlyBelow(sys, volume.target());
        }
        if (volume.propagation() != 0) {
            sys.mount(null, volume.target(), null, volume.propagation(), null);
        }
    }

    /**
     * A remount makes only the top of a recursive bind read-only; the host's mounts below it (a USB
     * disk under /media, say) would stay writable. mount_setattr with AT_RECURSIVE takes them all;
     * kernels before 5.12 lack it, and there the top alone is read-only, as before.
     */
    private static void readOnlyBelow(Syscalls sys, String target) throws SyscallException {
        try {
            sys.mountSetattr(target, Mount.AT_RECURSIVE, Mount.MOUNT_ATTR_RDONLY);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENOSYS) {
                throw e;
            }
        }
    }
}
