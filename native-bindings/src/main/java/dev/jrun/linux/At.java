package dev.jrun.linux;

/**
 * Flags of the {@code *at} calls ({@code <fcntl.h>}) and of openat2's {@code resolve} field
 * ({@code <linux/openat2.h>}); the same on x86_64 and aarch64.
 */
public final class At {
    /** As a directory fd: the current directory (an absolute path ignores it). */
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EMPTY_PATH = 0x1000;

    /** Path lookup may not cross a mount point. */
    public static final long RESOLVE_NO_XDEV = 0x01;
    /** No "magic links" such as /proc/self/fd/N or /proc/PID/root, which can lead anywhere. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    /** No symlinks at all, in any component. */
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    /** Fail rather than resolve anything outside the directory fd ({@code ..} or an absolute link). */
    public static final long RESOLVE_BENEATH = 0x08;
    /** Treat the directory fd as "/": absolute symlinks and {@code ..} stay inside it, as after chroot. */
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final FlagNames AT_NAMES = new FlagNames()
            .add("AT_SYMLINK_NOFOLLOW", AT_SYMLINK_NOFOLLOW).add("AT_REMOVEDIR", AT_REMOVEDIR)
            .add("AT_EMPTY_PATH", AT_EMPTY_PATH);

    public static final FlagNames RESOLVE_NAMES = new FlagNames()
            .add("RESOLVE_NO_XDEV", RESOLVE_NO_XDEV).add("RESOLVE_NO_MAGICLINKS", RESOLVE_NO_MAGICLINKS)
            .add("RESOLVE_NO_SYMLINKS", RESOLVE_NO_SYMLINKS).add("RESOLVE_BENEATH", RESOLVE_BENEATH)
            .add("RESOLVE_IN_ROOT", RESOLVE_IN_ROOT);

    private At() {}
}
