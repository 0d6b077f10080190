package dev.jrun.launch;

/**
 * The container's command could not be started: 127 when it does not exist, 126 when it exists
 * but cannot be executed (docker's codes).
 */
public final class CommandException extends LaunchException {
    private static final long serialVersionUID = 1L;
    public static final int NOT_FOUND = 127;
    public static final int CANNOT_EXECUTE = 126;

    private final int exitCode;

    public CommandException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
