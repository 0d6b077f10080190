package dev.jrun.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command: global options shared by every subcommand. */
@Command(name = "jrun", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run containers from image archives, without a daemon.",
        subcommands = {RunCommand.class, LoadCommand.class, ImagesCommand.class, RmiCommand.class, PruneCommand.class,
            RmCommand.class, TrainCommand.class, SpecCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0-123:the container's own exit code",
            "124:the job ran past --timeout and was stopped (as timeout(1))",
            "125:jrun failed (bad flag, unreadable image, a kernel step refused)",
            "126:the container's command cannot be executed",
            "127:the container's command was not found",
            "128+N:the container's process died of signal N"})
public final class JrunCommand {
    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "State directory of containers (default: /run/jrun; rootless: $XDG_RUNTIME_DIR/jrun).")
    Path root;

    @Option(names = "--data-root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Directory for images, layers and container root filesystems (default: /var/lib/jrun;"
                    + " rootless: $XDG_DATA_HOME/jrun or ~/.local/share/jrun).")
    Path dataRoot;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log diagnostics on stderr (same as --log-level=debug).")
    void verbose(boolean on) {
        if (on) {
            Logging.configure(Logging.LogLevel.DEBUG);
        }
    }

    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: warn); logs go to stderr.")
    void logLevel(Logging.LogLevel level) {
        Logging.configure(level);
    }
}
