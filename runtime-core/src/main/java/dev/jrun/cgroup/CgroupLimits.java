package dev.jrun.cgroup;

/**
 * The resource limits of one container, in docker's terms; -1 (or null) leaves one unset.
 *
 * @param memory hard limit in bytes ({@code --memory})
 * @param memorySwap memory plus swap in bytes ({@code --memory-swap}); -1 unset, as docker: twice memory
 * @param memoryReservation soft limit in bytes ({@code --memory-reservation})
 * @param cpuQuota microseconds of CPU per period ({@code --cpus} times the period)
 * @param cpuPeriod the period of {@code cpuQuota} in microseconds
 * @param cpuShares relative weight, 2 to 262144 ({@code --cpu-shares}; 1024 is the default)
 * @param cpusetCpus the CPUs it may use, e.g. {@code 0-1} ({@code --cpuset-cpus})
 * @param cpusetMems the memory nodes it may use ({@code --cpuset-mems})
 * @param pidsLimit the most processes and threads at once ({@code --pids-limit})
 */
public record CgroupLimits(long memory, long memorySwap, long memoryReservation, long cpuQuota, long cpuPeriod,
                           long cpuShares, String cpusetCpus, String cpusetMems, long pidsLimit) {

    public static final CgroupLimits NONE = new CgroupLimits(-1, -1, -1, -1, -1, -1, null, null, -1);
    /** The CFS period docker uses with --cpus. */
    public static final long DEFAULT_CPU_PERIOD = 100_000;

    public CgroupLimits {
        if (memorySwap >= 0 && memory < 0) {
            throw new IllegalArgumentException("--memory-swap needs --memory");
        }
        if (memorySwap >= 0 && memorySwap < memory) {
            throw new IllegalArgumentException("--memory-swap (" + memorySwap + ") must be at least --memory ("
                    + memory + ")");
        }
        if (cpuShares != -1 && (cpuShares < 2 || cpuShares > 262_144)) {
            throw new IllegalArgumentException("--cpu-shares must be between 2 and 262144, not " + cpuShares);
        }
        if (pidsLimit == 0 || pidsLimit < -1) {
            throw new IllegalArgumentException("--pids-limit must be positive (or -1 for none), not " + pidsLimit);
        }
    }

    /** {@code --cpus N}: N cores' worth of time in each default period. */
    public static long quotaForCpus(double cpus) {
        if (!(cpus > 0) || cpus > 1024) {
            throw new IllegalArgumentException("--cpus must be a positive number of CPUs, not " + cpus);
        }
        return Math.max(1000, Math.round(cpus * DEFAULT_CPU_PERIOD));
    }

    /** The flags that set a limit, in docker's names; empty for {@link #NONE}. */
    public java.util.List<String> flags() {
        java.util.List<String> set = new java.util.ArrayList<>();
        addIf(set, memory >= 0, "--memory");
        addIf(set, memorySwap >= 0, "--memory-swap");
        addIf(set, memoryReservation >= 0, "--memory-reservation");
        addIf(set, cpuQuota >= 0, "--cpus");
        addIf(set, cpuShares >= 0, "--cpu-shares");
        addIf(set, cpusetCpus != null, "--cpuset-cpus");
        addIf(set, cpusetMems != null, "--cpuset-mems");
        addIf(set, pidsLimit > 0, "--pids-limit");
        return set;
    }

    private static void addIf(java.util.List<String> flags, boolean set, String flag) {
        if (set) {
            flags.add(flag);
        }
    }

    public CgroupLimits withMemory(long bytes, long swap, long reservation) {
        return new CgroupLimits(bytes, swap, reservation, cpuQuota, cpuPeriod, cpuShares, cpusetCpus, cpusetMems,
                pidsLimit);
    }

    public CgroupLimits withCpu(long quota, long period, long shares, String cpus, String mems) {
        return new CgroupLimits(memory, memorySwap, memoryReservation, quota, period, shares, cpus, mems, pidsLimit);
    }

    public CgroupLimits withPids(long limit) {
        return new CgroupLimits(memory, memorySwap, memoryReservation, cpuQuota, cpuPeriod, cpuShares, cpusetCpus,
                cpusetMems, limit);
    }
}
