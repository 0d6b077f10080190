package dev.jrun.runtime;

import dev.jrun.cgroup.CgroupLimits;
import java.util.List;

/**
 * The account of one finished container, as {@code --stats-file} writes it: how it ended, and what
 * all its processes used, read from its cgroup (not only the first process's rusage).
 *
 * @param signal the signal that killed the first process ({@code SIGKILL}), or null if it exited
 * @param peakMemoryBytes -1 where the kernel keeps no peak (likewise the others)
 * @param timedOut whether it ran past its --timeout
 * @param timeoutAction how it was then stopped ({@code sent SIGTERM, then SIGKILL after 10s}), or null
 */
public record Usage(int exitCode, String signal, double wallSeconds, double userCpuSeconds, double systemCpuSeconds,
                    long peakMemoryBytes, long peakPids, boolean oomKilled, boolean timedOut, String timeoutAction,
                    CgroupLimits limits, List<String> ulimits) {
}
