package dev.jrun.runtime;

import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.Mount;
import dev.jrun.linux.SyscallException;

/** Probes for kernel features a test depends on. */
final class KernelFeatures {
    private KernelFeatures() {}

    /** Whether procfs accepts {@code pidns=} (Linux 6.18+). */
    static boolean procfsHasPidnsOption() {
        LinuxSyscalls sys = new LinuxSyscalls();
        try {
            int fs = sys.fsopen("proc", Mount.FSOPEN_CLOEXEC);
            try {
                int ns = sys.open("/proc/self/ns/pid", dev.jrun.linux.OpenFlags.O_RDONLY, 0);
                try {
                    sys.fsconfigSetFd(fs, "pidns", ns);
                    return true;
                } finally {
                    sys.close(ns);
                }
            } finally {
                sys.close(fs);
            }
        } catch (SyscallException e) {
            return false;
        }
    }
}
