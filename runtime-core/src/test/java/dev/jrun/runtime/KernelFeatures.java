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

    /** Whether this kernel is at least {@code major.minor} (from {@code uname -r}). */
    static boolean atLeast(int major, int minor) {
        String[] version = System.getProperty("os.version").split("[.-]");
        int have = Integer.parseInt(version[0]) * 1000 + Integer.parseInt(version[1]);
        return have >= major * 1000 + minor;
    }

    /** Whether the cgroup counter of a job's peak memory exists: v1's max_usage_in_bytes, v2's memory.peak (5.19+). */
    static boolean cgroupKeepsPeakMemory() {
        return !java.nio.file.Files.exists(java.nio.file.Path.of("/sys/fs/cgroup/cgroup.controllers")) || atLeast(5, 19);
    }

    /** Whether pids.peak exists (Linux 6.1+, v1 and v2). */
    static boolean cgroupKeepsPeakPids() {
        return atLeast(6, 1);
    }
}
