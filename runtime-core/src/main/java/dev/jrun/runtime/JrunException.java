package dev.jrun.runtime;

import dev.jrun.launch.CommandException;

/**
 * Why a container could not be run, in one line that names the thing and the cause, with the exit
 * code docker would use: 125 for a runtime error, 126 when the command cannot be executed, 127 when
 * it does not exist.
 */
public final class JrunException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final int RUNTIME_ERROR = 125;

    private final int exitCode;

    public JrunException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = cause instanceof CommandException c ? c.exitCode() : RUNTIME_ERROR;
    }

    public JrunException(String message) {
        super(message);
        this.exitCode = RUNTIME_ERROR;
    }

    public int exitCode() {
        return exitCode;
    }
}
