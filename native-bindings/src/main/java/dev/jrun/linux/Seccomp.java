package dev.jrun.linux;

/**
 * The kernel's seccomp filter interface from {@code <linux/seccomp.h>}, the same on x86_64 and aarch64:
 * how a filter is installed, what it returns and where {@code struct seccomp_data}, the record a filter reads, keeps each
 * field. The value of its {@code arch} field is {@link Arch#auditArch()}.
 */
public final class Seccomp {
    /** seccomp(2)'s operation: install a classic BPF filter. */
    public static final int SECCOMP_SET_MODE_FILTER = 1;

    public static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    public static final int SECCOMP_RET_KILL_THREAD = 0;
    public static final int SECCOMP_RET_TRAP = 0x00030000;
    /** Fails the call with the errno in the low 16 bits. */
    public static final int SECCOMP_RET_ERRNO = 0x00050000;
    public static final int SECCOMP_RET_TRACE = 0x7ff00000;
    public static final int SECCOMP_RET_LOG = 0x7ffc0000;
    public static final int SECCOMP_RET_ALLOW = 0x7fff0000;

    /** {@code offsetof(struct seccomp_data, nr)}: the system call's number. */
    public static final int DATA_NR = 0;
    /** {@code offsetof(struct seccomp_data, arch)}: the calling convention, an {@code AUDIT_ARCH_*} value. */
    public static final int DATA_ARCH = 4;
    /** {@code offsetof(struct seccomp_data, args)}: six 64-bit arguments. */
    public static final int DATA_ARGS = 16;

    private Seccomp() {}
}
