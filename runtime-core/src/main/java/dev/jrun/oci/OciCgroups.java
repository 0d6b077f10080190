package dev.jrun.oci;

import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.cgroup.DeviceRule;
import java.util.List;

/**
 * {@code linux.resources} as the engine's cgroup settings: the limits ({@link CgroupLimits}) and the
 * device allow-list ({@link DeviceRule}s). A field left out, and a value the runtime-spec or runc reads
 * as "no limit" (0, -1), is no limit. A value that cannot be applied is an IllegalArgumentException
 * naming its JSON path. And back ({@link #resources}), for the config.json {@code jrun run} writes.
 */
public final class OciCgroups {
    private static final String AT = "linux.resources.";
    private static final long NONE = -1;

    private OciCgroups() {}

    /** The limits {@code resources} sets; {@link CgroupLimits#NONE} for null. */
    public static CgroupLimits limits(OciResources resources) {
        if (resources == null) {
            return CgroupLimits.NONE;
        }
        CgroupLimits limits = CgroupLimits.NONE;
        if (resources.memory() != null) {
            limits = memory(limits, resources.memory());
        }
        if (resources.cpu() != null) {
            limits = cpu(limits, resources.cpu());
        }
        if (resources.pids() != null && resources.pids().limit() > 0) { // 0 and -1 are "unlimited"
            limits = limits.withPids(resources.pids().limit());
        }
        return limits;
    }

    private static CgroupLimits memory(CgroupLimits limits, OciResources.Memory memory) {
        long limit = bytes(memory.limit(), "memory.limit");
        long reservation = bytes(memory.reservation(), "memory.reservation");
        long swap = bytes(memory.swap(), "memory.swap");
        if (swap != NONE && limit == NONE) {
            throw new IllegalArgumentException(AT + "memory.swap: " + swap + " needs memory.limit (swap counts memory"
                    + " plus swap, as docker's --memory-swap)");
        }
        if (swap != NONE && swap < limit) {
            throw new IllegalArgumentException(AT + "memory.swap: " + swap + " is below memory.limit " + limit
                    + " (swap counts memory plus swap, as docker's --memory-swap)");
        }
        return limits.withMemory(limit, swap, reservation);
    }

    /** Bytes, or {@link #NONE} for null, 0 (runc's "unset") and -1 (the spec's "unlimited"). */
    private static long bytes(Long value, String field) {
        if (value == null || value == 0 || value == -1) {
            return NONE;
        }
        if (value < 0) {
            throw new IllegalArgumentException(AT + field + ": " + value + " (bytes, or -1 for no limit)");
        }
        return value;
    }

    private static CgroupLimits cpu(CgroupLimits limits, OciResources.Cpu cpu) {
        long shares = cpu.shares() == null || cpu.shares() == 0 ? NONE : cpu.shares(); // 0: runc's "unset"
        if (shares != NONE && (shares < 2 || shares > 262_144)) {
            throw new IllegalArgumentException(AT + "cpu.shares: " + shares + " (2 to 262144; 1024 is the default)");
        }
        long quota = NONE;
        long period = NONE;
        // a period without a quota throttles nothing, so it is left out
        if (cpu.quota() != null && cpu.quota() != 0 && cpu.quota() != -1) {
            quota = cpu.quota();
            period = cpu.period() == null || cpu.period() == 0 ? CgroupLimits.DEFAULT_CPU_PERIOD : cpu.period();
            if (quota < 1000) {
                throw new IllegalArgumentException(AT + "cpu.quota: " + quota + " (microseconds per period, at least"
                        + " 1000, or -1 for no limit)");
            }
            if (period < 1000 || period > 1_000_000) {
                throw new IllegalArgumentException(AT + "cpu.period: " + period + " (microseconds, 1000 to 1000000)");
            }
        }
        return limits.withCpu(quota, period, shares, blankIsNull(cpu.cpus()), blankIsNull(cpu.mems()));
    }

    /** containerd writes {@code "cpus": ""} for "any". */
    private static String blankIsNull(String set) {
        return set == null || set.isBlank() ? null : set;
    }

    /**
     * The devices the rules leave allowed, applied in order on nothing allowed: {@code [DeviceRule.ALL]}
     * for an allow-all ({@code --privileged}), the allows for the usual deny-all-then-allows. runc adds
     * its default devices (null, zero, full, random, urandom, tty, console, ptmx, the pty slaves, mknod
     * of any) after a config's rules; so must the caller, or a config saying only "deny all" leaves no
     * /dev/null.
     *
     * @throws IllegalArgumentException naming {@code linux.resources.devices[i]} for a deny that would
     *         take back part of what an earlier rule allowed: an allow-list cannot say "all but this"
     */
    public static List<DeviceRule> deviceAllowList(List<OciResources.DeviceAccess> rules) {
        return DeviceAllowList.of(rules, AT + "devices");
    }

    /**
     * {@code limits} and the devices {@code allowed} as {@code linux.resources}, which {@link #limits} reads
     * back as {@code limits} and {@link #deviceAllowList} as {@code allowed}: an unset limit (-1) is left
     * out, swap stays memory plus swap; the devices are deny-all then one allow per rule, and null (every
     * device, {@code --privileged}) is one allow of all, read back as {@code [DeviceRule.ALL]}.
     *
     * @throws IllegalArgumentException for limits that config.json would not carry as they are: one
     *         {@link #limits} refuses (named by its JSON path), or one it reads as another (0 bytes, which
     *         runc takes for unset; a blank cpuset; a period without a quota), naming both
     */
    public static OciResources resources(CgroupLimits limits, List<DeviceRule> allowed) {
        OciResources resources = new OciResources(ociMemory(limits), ociCpu(limits),
                limits.pidsLimit() > 0 ? new OciResources.Pids(limits.pidsLimit()) : null,
                DeviceAllowList.rules(allowed));
        CgroupLimits back = limits(resources);
        if (!back.equals(limits)) {
            throw new IllegalArgumentException("linux.resources cannot carry " + limits
                    + ": it would read back as " + back);
        }
        return resources;
    }

    /** The memory fields set; null when none is. */
    private static OciResources.Memory ociMemory(CgroupLimits limits) {
        OciResources.Memory memory = new OciResources.Memory(set(limits.memory()), set(limits.memoryReservation()),
                set(limits.memorySwap()));
        return memory.equals(new OciResources.Memory(null, null, null)) ? null : memory;
    }

    /** The cpu fields set; null when none is. */
    private static OciResources.Cpu ociCpu(CgroupLimits limits) {
        OciResources.Cpu cpu = new OciResources.Cpu(set(limits.cpuShares()), set(limits.cpuQuota()),
                set(limits.cpuPeriod()), limits.cpusetCpus(), limits.cpusetMems());
        return cpu.equals(new OciResources.Cpu(null, null, null, null, null)) ? null : cpu;
    }

    /** A limit for config.json: {@link #NONE} (unset) is left out. */
    private static Long set(long value) {
        return value == NONE ? null : value;
    }
}
