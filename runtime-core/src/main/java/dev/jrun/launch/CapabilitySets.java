package dev.jrun.launch;

/**
 * The five capability sets of the container's first process (capabilities(7)), as masks of
 * capability numbers. What the process holds after its execve follows from them: a root process
 * gets its bounding and inheritable sets as permitted and effective (no file capabilities are
 * needed for root); any other user gets its ambient set, and nothing more unless a file capability
 * grants it.
 *
 * @param bounding the most any process of the container can ever hold
 * @param effective what the process uses until its execve
 * @param permitted what it may make effective until its execve
 * @param inheritable what an execve of a file with matching inheritable file capabilities passes on
 * @param ambient what an execve of an ordinary program keeps (within permitted and inheritable)
 */
public record CapabilitySets(long bounding, long effective, long permitted, long inheritable, long ambient) {
    /**
     * docker's way: one set bounding, permitted and effective; inheritable and ambient empty (an
     * inheritable set would hand file-inherited capabilities to non-root programs, CVE-2022-24769).
     */
    public static CapabilitySets of(long mask) {
        return new CapabilitySets(mask, mask, mask, 0, 0);
    }

    /** Every set without what {@code held} lacks. */
    public CapabilitySets within(long held) {
        return new CapabilitySets(bounding & held, effective & held, permitted & held, inheritable & held,
                ambient & held);
    }
}
