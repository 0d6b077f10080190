package dev.jrun.linux;

import java.util.Locale;

/**
 * The per-architecture table: every syscall number and flag value that differs between
 * x86_64 and aarch64 lives here, never at a call site. Numbers keep their C names from
 * {@code <asm/unistd.h>} (x86_64: {@code unistd_64.h}; aarch64: {@code asm-generic/unistd.h}),
 * open flags from {@code <asm/fcntl.h>}. ArchHeadersTest checks every value against that architecture's
 * own headers (Debian's linux-libc-dev), and SyscallNumberLiteralsTest that no number is written elsewhere.
 */
public enum Arch {
    X86_64("amd64", new Numbers(155, 117, 119, 116, 125, 126, 186, 317, 302, 424, 428, 429, 430, 431, 432, 434, 437, 321, 442),
            0200000, 0400000, 0xC000003E, 0x40000000, "x86_64"),
    AARCH64("arm64", new Numbers(41, 147, 149, 159, 90, 91, 178, 277, 261, 424, 428, 429, 430, 431, 432, 434, 437, 280, 442),
            040000, 0100000, 0xC00000B7, 0, "aarch64");

    /** Syscall numbers ({@code __NR_*}) that jrun calls through {@code syscall(2)}. */
    public record Numbers(
            int pivot_root, int setresuid, int setresgid, int setgroups, int capget, int capset,
            int gettid, int seccomp, int prlimit64, int pidfd_send_signal, int open_tree,
            int move_mount, int fsopen, int fsconfig, int fsmount, int pidfd_open, int openat2, int bpf,
            int mount_setattr) {}

    private final String ociName;
    private final Numbers numbers;
    private final int oDirectory;
    private final int oNofollow;
    private final int auditArch;
    private final int x32SyscallBit;
    private final String kernelName;

    Arch(String ociName, Numbers numbers, int oDirectory, int oNofollow, int auditArch, int x32SyscallBit,
            String kernelName) {
        this.ociName = ociName;
        this.numbers = numbers;
        this.oDirectory = oDirectory;
        this.oNofollow = oNofollow;
        this.auditArch = auditArch;
        this.x32SyscallBit = x32SyscallBit;
        this.kernelName = kernelName;
    }

    /** {@code AUDIT_ARCH_X86_64} or {@code AUDIT_ARCH_AARCH64}: what seccomp_data.arch holds ({@code <linux/audit.h>}). */
    public int auditArch() {
        return auditArch;
    }

    /**
     * {@code __X32_SYSCALL_BIT} ({@code <asm/unistd.h>}): x86_64 runs x32 programs' calls under the native
     * audit arch, as the native numbers with this bit set; 0 where there is no such second ABI (aarch64).
     */
    public int x32SyscallBit() {
        return x32SyscallBit;
    }

    /** The kernel's name of this architecture ({@code uname -m}): x86_64, aarch64. */
    public String kernelName() {
        return kernelName;
    }

    /** The architecture of this JVM; fails, naming it, for anything but x86_64 and aarch64. */
    public static Arch current() {
        return detect(System.getProperty("os.arch"));
    }

    static Arch detect(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return X86_64;
            case "aarch64":
            case "arm64":
                return AARCH64;
            default:
                throw new UnsupportedOperationException(
                        "unsupported architecture " + osArch + ": jrun runs on x86_64 and aarch64");
        }
    }

    /** The OCI / Go name of this architecture ({@code amd64}, {@code arm64}). */
    public String ociName() {
        return ociName;
    }

    public Numbers numbers() {
        return numbers;
    }

    /** {@code O_DIRECTORY}: 0200000 on x86_64, 040000 on aarch64. */
    public int oDirectory() {
        return oDirectory;
    }

    /** {@code O_NOFOLLOW}: 0400000 on x86_64, 0100000 on aarch64. */
    public int oNofollow() {
        return oNofollow;
    }
}
