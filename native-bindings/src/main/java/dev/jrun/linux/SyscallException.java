package dev.jrun.linux;

/**
 * A Linux call that failed: names the call, its arguments (flags by name) and errno with its text,
 * e.g. {@code pivot_root(".", ".") failed: EINVAL (Invalid argument)}.
 */
public final class SyscallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public SyscallException(String call, String arguments, int errno) {
        super(call + "(" + arguments + ") failed: " + Errno.name(errno) + " (" + ErrnoText.of(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The name of the failed call, e.g. {@code mount}. */
    public String call() {
        return call;
    }

    /** The errno value, see {@link Errno}. */
    public int errno() {
        return errno;
    }
}
