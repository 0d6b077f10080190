package dev.jrun.linux;

/**
 * open(2) flags from {@code <asm-generic/fcntl.h>} that x86_64 and aarch64 share; the two that
 * differ ({@code O_DIRECTORY}, {@code O_NOFOLLOW}) come from {@link Arch}.
 */
public final class OpenFlags {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    /** Opening a terminal with it never makes it the caller's controlling terminal. */
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    public static final int O_DIRECTORY = Arch.current().oDirectory();
    public static final int O_NOFOLLOW = Arch.current().oNofollow();
    /** {@code AT_FDCWD} from {@code <fcntl.h>}: resolve relative to the calling thread's cwd. */
    public static final int AT_FDCWD = -100;

    public static final FlagNames NAMES = new FlagNames()
            .add("O_WRONLY", O_WRONLY).add("O_RDWR", O_RDWR).add("O_CREAT", O_CREAT)
            .add("O_EXCL", O_EXCL).add("O_NOCTTY", O_NOCTTY).add("O_TRUNC", O_TRUNC).add("O_APPEND", O_APPEND).add("O_NONBLOCK", O_NONBLOCK)
            .add("O_DIRECTORY", O_DIRECTORY).add("O_NOFOLLOW", O_NOFOLLOW)
            .add("O_CLOEXEC", O_CLOEXEC).add("O_PATH", O_PATH);

    private OpenFlags() {}

    /** Like {@link FlagNames#render} but says {@code O_RDONLY} for an access mode of 0. */
    public static String render(int flags) {
        String rest = NAMES.render(flags);
        if ((flags & 3) == O_RDONLY) {
            return flags == 0 ? "O_RDONLY" : "O_RDONLY|" + rest;
        }
        return rest;
    }
}
