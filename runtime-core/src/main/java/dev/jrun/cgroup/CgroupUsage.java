package dev.jrun.cgroup;

/**
 * What every process of a container used, as its cgroup counted it; -1 where the kernel keeps no
 * such count.
 *
 * @param userCpuNanos CPU time in user mode
 * @param systemCpuNanos CPU time in the kernel
 * @param peakMemoryBytes the most memory charged at once
 * @param peakPids the most processes and threads at once
 */
public record CgroupUsage(long userCpuNanos, long systemCpuNanos, long peakMemoryBytes, long peakPids) {
}
