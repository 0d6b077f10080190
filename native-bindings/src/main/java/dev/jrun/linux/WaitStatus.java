package dev.jrun.linux;

/** A wait(2) status word, decoded as the {@code W*} macros of {@code <sys/wait.h>} do. */
public record WaitStatus(int raw) {
    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public boolean signaled() {
        return (raw & 0x7f) != 0 && (raw & 0x7f) != 0x7f;
    }

    /** The exit code when {@link #exited()}. */
    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    /** The terminating signal when {@link #signaled()}. */
    public int signal() {
        return raw & 0x7f;
    }

    /** The shell's convention: the exit code, or 128 + the signal that ended the process. */
    public int shellCode() {
        return exited() ? exitCode() : 128 + signal();
    }

    @Override
    public String toString() {
        return exited() ? "exited " + exitCode() : "killed by " + Signals.name(signal());
    }
}
