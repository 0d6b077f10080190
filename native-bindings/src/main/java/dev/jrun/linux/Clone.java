package dev.jrun.linux;

/** Namespace flags for unshare(2) and setns(2), from {@code <linux/sched.h>}. */
public final class Clone {
    public static final int CLONE_FS = 0x00000200;
    public static final int CLONE_NEWTIME = 0x00000080;
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    public static final FlagNames NAMES = new FlagNames()
            .add("CLONE_NEWNS", CLONE_NEWNS).add("CLONE_NEWUTS", CLONE_NEWUTS)
            .add("CLONE_NEWIPC", CLONE_NEWIPC).add("CLONE_NEWNET", CLONE_NEWNET)
            .add("CLONE_NEWPID", CLONE_NEWPID).add("CLONE_NEWCGROUP", CLONE_NEWCGROUP)
            .add("CLONE_NEWUSER", CLONE_NEWUSER).add("CLONE_NEWTIME", CLONE_NEWTIME)
            .add("CLONE_FS", CLONE_FS);

    private Clone() {}
}
