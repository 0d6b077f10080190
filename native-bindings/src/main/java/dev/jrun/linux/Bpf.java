package dev.jrun.linux;

/**
 * What jrun asks of the bpf(2) system call, from {@code <linux/bpf.h>} (the same on every
 * architecture): loading an eBPF program of the cgroup device type and attaching it to a cgroup v2
 * directory. eBPF is the kernel's 64-bit instruction set, checked by its verifier at load; seccomp's
 * filters are classic BPF, another instruction set.
 */
public final class Bpf {
    /** {@code enum bpf_cmd}: load a program, returning a descriptor that names it. */
    public static final int BPF_PROG_LOAD = 5;
    /** {@code enum bpf_cmd}: attach a loaded program to a cgroup. */
    public static final int BPF_PROG_ATTACH = 8;

    /** {@code enum bpf_prog_type}: decides each device access of a cgroup's tasks (Linux 4.15). */
    public static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    /** {@code enum bpf_attach_type}: run at device access, the hook of {@link #BPF_PROG_TYPE_CGROUP_DEVICE}. */
    public static final int BPF_CGROUP_DEVICE = 6;
    /** Attach flag: the group's descendants may attach programs too, and every program on the way up must allow. */
    public static final int BPF_F_ALLOW_MULTI = 2;

    /** {@code struct bpf_cgroup_dev_ctx}'s device types: the low 16 bits of {@code access_type}. */
    public static final int BPF_DEVCG_DEV_BLOCK = 1;
    public static final int BPF_DEVCG_DEV_CHAR = 2;
    /** {@code struct bpf_cgroup_dev_ctx}'s access bits: the high 16 bits of {@code access_type}. */
    public static final int BPF_DEVCG_ACC_MKNOD = 1;
    public static final int BPF_DEVCG_ACC_READ = 2;
    public static final int BPF_DEVCG_ACC_WRITE = 4;

    /** Names for traces and errors ({@link FlagNames#renderValue}, {@link FlagNames#render}). */
    public static final FlagNames PROG_TYPE_NAMES = new FlagNames()
            .add("BPF_PROG_TYPE_CGROUP_DEVICE", BPF_PROG_TYPE_CGROUP_DEVICE);
    public static final FlagNames ATTACH_TYPE_NAMES = new FlagNames().add("BPF_CGROUP_DEVICE", BPF_CGROUP_DEVICE);
    public static final FlagNames ATTACH_FLAG_NAMES = new FlagNames().add("BPF_F_ALLOW_MULTI", BPF_F_ALLOW_MULTI);

    private Bpf() {}
}
