package dev.jrun.launch;

import java.util.Arrays;

/**
 * Who the container's first process is: set by the launch thread with raw, per-thread syscalls
 * (glibc's wrappers would change every thread of the JVM).
 *
 * @param groups supplementary group ids
 */
public record Credentials(int uid, int gid, int[] groups) {
    public static final Credentials ROOT = new Credentials(0, 0, new int[0]);

    public Credentials {
        groups = groups.clone();
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && c.uid == uid && c.gid == gid && Arrays.equals(c.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * uid + gid) + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "uid=" + uid + " gid=" + gid + " groups=" + Arrays.toString(groups);
    }
}
