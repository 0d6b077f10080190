package dev.jrun.linux;

/** prctl(2) options jrun uses, from {@code <linux/prctl.h>}. */
public final class Prctl {
    public static final int PR_SET_DUMPABLE = 4;
    public static final int PR_SET_KEEPCAPS = 8;
    /** Orphans of this process's descendants are re-parented to it, not to init: it reaps them. */
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    public static final int PR_CAP_AMBIENT = 47;
    /** PR_CAP_AMBIENT's second argument: add one capability to the ambient set. */
    public static final int PR_CAP_AMBIENT_RAISE = 2;

    /** Option names, for traces and errors ({@link FlagNames#renderValue}). */
    public static final FlagNames NAMES = new FlagNames()
            .add("PR_SET_DUMPABLE", PR_SET_DUMPABLE).add("PR_SET_KEEPCAPS", PR_SET_KEEPCAPS)
            .add("PR_CAPBSET_READ", PR_CAPBSET_READ).add("PR_CAPBSET_DROP", PR_CAPBSET_DROP)
            .add("PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS).add("PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS)
            .add("PR_CAP_AMBIENT", PR_CAP_AMBIENT).add("PR_SET_CHILD_SUBREAPER", PR_SET_CHILD_SUBREAPER);

    private Prctl() {}
}
