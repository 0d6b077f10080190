package dev.jrun.linux;

/**
 * A Linux call that failed: names the call, its arguments (flags by name) and errno with its text,
 * e.g. {@code pivot_root(".", ".") failed: EINVAL (Invalid argument)}.
 */
public final class SyscallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String detail;

    public SyscallException(String call, String arguments, int errno) {
        this(call, arguments, errno, null);
    }

    /** With what the kernel said besides errno ({@code detail}, may be null), e.g. the BPF verifier's verdict. */
    public SyscallException(String call, String arguments, int errno, String detail) {
        super(call + "(" + arguments + ") failed: " + Errno.name(errno) + " (" + ErrnoText.of(errno) + ")"
                + (detail == null ? "" : ": " + detail));
        this.call = call;
        this.errno = errno;
        this.detail = detail;
    }

    /** The name of the failed call, e.g. {@code mount}. */
    public String call() {
        return call;
    }

    /** The errno value, see {@link Errno}. */
    public int errno() {
        return errno;
    }

    /** What the kernel said besides errno, or null (see the four-argument constructor). */
    public String detail() {
        return detail;
    }
}
