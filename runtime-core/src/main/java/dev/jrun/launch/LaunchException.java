package dev.jrun.launch;

/** A launch step the kernel refused, named with its step and call: jrun's exit code 125. */
public class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }

    public LaunchException(String message) {
        super(message);
    }
}
