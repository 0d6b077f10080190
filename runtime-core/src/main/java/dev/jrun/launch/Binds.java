package dev.jrun.launch;

import static dev.jrun.linux.Mount.MS_BIND;
import static dev.jrun.linux.Mount.MS_RDONLY;
import static dev.jrun.linux.Mount.MS_REC;
import static dev.jrun.linux.Mount.MS_REMOUNT;

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
        if (volume.propagation() != 0) {
            sys.mount(null, volume.target(), null, volume.propagation(), null);
        }
    }
}
