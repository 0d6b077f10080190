package dev.jrun.cli;

import dev.jrun.runtime.JrunException;
import picocli.CommandLine;

/**
 * {@code jrun}: parses the command line and maps every outcome to an exit code in this one place.
 * 125 means jrun itself failed (bad flag, unreadable image, a kernel step refused); 126 and 127
 * mean the container's command cannot be executed or does not exist; anything else is the
 * container's own exit code, or 128 + the signal that killed it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Logging.byDefault();
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cli = new CommandLine(new JrunCommand())
                .setStopAtPositional(true)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::badUsage)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e));
        return cli.execute(args);
    }

    /** One line for a bad flag or argument, never a usage dump: the container may own stdout. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandName();
        System.err.println("jrun: " + e.getMessage() + " (see `" + qualified(e.getCommandLine(), command)
                + " --help`)");
        return JrunException.RUNTIME_ERROR;
    }

    private static String qualified(CommandLine cmd, String name) {
        return cmd.getParent() == null ? name : qualified(cmd.getParent(), cmd.getParent().getCommandName()) + " "
                + name;
    }

    private static int failure(Exception e) {
        if (e instanceof JrunException j) {
            System.err.println("jrun: " + j.getMessage());
            return j.exitCode();
        }
        if (e instanceof UnsupportedOperationException) {
            System.err.println("jrun: " + e.getMessage()); // an architecture jrun has no table for
            return JrunException.RUNTIME_ERROR;
        }
        System.err.println("jrun: internal error: " + e);
        System.getLogger("dev.jrun.cli").log(System.Logger.Level.DEBUG, "internal error", e);
        return JrunException.RUNTIME_ERROR;
    }
}
