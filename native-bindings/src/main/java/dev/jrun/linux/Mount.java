package dev.jrun.linux;

/**
 * Flags of mount(2) and umount2(2) from {@code <sys/mount.h>}, and of the new mount API
 * (fsopen, fsconfig, fsmount, move_mount, open_tree) from {@code <linux/mount.h>}.
 */
public final class Mount {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;

    public static final FlagNames MS_NAMES = new FlagNames()
            .add("MS_RDONLY", MS_RDONLY).add("MS_NOSUID", MS_NOSUID).add("MS_NODEV", MS_NODEV)
            .add("MS_NOEXEC", MS_NOEXEC).add("MS_REMOUNT", MS_REMOUNT).add("MS_NOATIME", MS_NOATIME)
            .add("MS_NODIRATIME", MS_NODIRATIME)            .add("MS_BIND", MS_BIND).add("MS_MOVE", MS_MOVE).add("MS_REC", MS_REC)
            .add("MS_SILENT", MS_SILENT).add("MS_UNBINDABLE", MS_UNBINDABLE)
            .add("MS_PRIVATE", MS_PRIVATE).add("MS_SLAVE", MS_SLAVE).add("MS_SHARED", MS_SHARED)
            .add("MS_RELATIME", MS_RELATIME).add("MS_STRICTATIME", MS_STRICTATIME);

    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;
    public static final FlagNames MNT_NAMES = new FlagNames()
            .add("MNT_FORCE", MNT_FORCE).add("MNT_DETACH", MNT_DETACH);

    public static final int FSOPEN_CLOEXEC = 1;
    public static final int FSMOUNT_CLOEXEC = 1;

    public static final int FSCONFIG_SET_FLAG = 0;
    public static final int FSCONFIG_SET_STRING = 1;
    public static final int FSCONFIG_SET_FD = 5;
    public static final int FSCONFIG_CMD_CREATE = 6;
    public static final FlagNames FSCONFIG_NAMES = new FlagNames()
            .add("FSCONFIG_SET_FLAG", FSCONFIG_SET_FLAG).add("FSCONFIG_SET_STRING", FSCONFIG_SET_STRING)
            .add("FSCONFIG_SET_FD", FSCONFIG_SET_FD).add("FSCONFIG_CMD_CREATE", FSCONFIG_CMD_CREATE);

    public static final int MOUNT_ATTR_RDONLY = 0x1;
    public static final int MOUNT_ATTR_NOSUID = 0x2;
    public static final int MOUNT_ATTR_NODEV = 0x4;
    public static final int MOUNT_ATTR_NOEXEC = 0x8;
    public static final FlagNames MOUNT_ATTR_NAMES = new FlagNames()
            .add("MOUNT_ATTR_RDONLY", MOUNT_ATTR_RDONLY).add("MOUNT_ATTR_NOSUID", MOUNT_ATTR_NOSUID)
            .add("MOUNT_ATTR_NODEV", MOUNT_ATTR_NODEV).add("MOUNT_ATTR_NOEXEC", MOUNT_ATTR_NOEXEC);

    public static final int MOVE_MOUNT_F_EMPTY_PATH = 0x4;
    public static final FlagNames MOVE_MOUNT_NAMES = new FlagNames()
            .add("MOVE_MOUNT_F_EMPTY_PATH", MOVE_MOUNT_F_EMPTY_PATH);

    public static final int OPEN_TREE_CLONE = 1;
    /** {@code AT_RECURSIVE} from {@code <linux/fcntl.h>}: clone the whole subtree. */
    public static final int AT_RECURSIVE = 0x8000;
    public static final FlagNames OPEN_TREE_NAMES = new FlagNames()
            .add("OPEN_TREE_CLONE", OPEN_TREE_CLONE).add("AT_RECURSIVE", AT_RECURSIVE)
            .add("OPEN_TREE_CLOEXEC", OpenFlags.O_CLOEXEC);

    private Mount() {}
}
