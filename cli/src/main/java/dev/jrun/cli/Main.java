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
        JrunCommand global = new JrunCommand();
        CommandLine cli = Subcommands.commandLine(global, args)
                .setStopAtPositional(true)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, a) -> badUsage(e, global))
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, global));
        return cli.execute(args);
    }

    /** One line for a bad flag or argument, never a usage dump: the container may own stdout. */
    private static int badUsage(CommandLine.ParameterException e, JrunCommand global) {
        String command = e.getCommandLine().getCommandName();
        report(global, e.getMessage() + " (see `" + qualified(e.getCommandLine(), command) + " --help`)");
        return JrunException.RUNTIME_ERROR;
    }

    /** On stderr, and in the --log file if there is one. */
    private static void report(JrunCommand global, String message) {
        System.err.println("jrun: " + message);
        if (global.log != null) {
            ErrorLog.error(global.log, global.logFormat, message);
        }
    }

    private static String qualified(CommandLine cmd, String name) {
        return cmd.getParent() == null ? name : qualified(cmd.getParent(), cmd.getParent().getCommandName()) + " "
                + name;
    }

    private static int failure(Exception e, JrunCommand global) {
        if (e instanceof JrunException j) {
            report(global, j.getMessage());
            return j.exitCode();
        }
        if (e instanceof UnsupportedOperationException) {
            report(global, e.getMessage()); // an architecture jrun has no table for
            return JrunException.RUNTIME_ERROR;
        }
        report(global, "internal error: " + e);
        System.getLogger("dev.jrun.cli").log(System.Logger.Level.DEBUG, "internal error", e);
        return JrunException.RUNTIME_ERROR;
    }
}
