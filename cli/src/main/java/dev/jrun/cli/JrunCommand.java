package dev.jrun.cli;

import dev.jrun.runtime.JrunException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command: global options shared by every subcommand ({@link Subcommands}). */
@Command(name = "jrun", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run containers from image archives, without a daemon.",
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

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log diagnostics on stderr (same as --log-level=debug).")
    void verbose(boolean on) {
        if (on) {
            Logging.configure(Logging.LogLevel.DEBUG);
        }
    }

    @Option(names = "--log", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Also append errors to FILE (containerd's shim reads them from there).")
    Path log;

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "text (default) or json: one {\"level\",\"msg\",\"time\"} object per line in --log.")
    ErrorLog.Format logFormat = ErrorLog.Format.TEXT;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Same as --log-level=debug (runc's flag).")
    void debug(boolean on) {
        verbose(on);
    }

    @Option(names = "--systemd-cgroup", scope = ScopeType.INHERIT,
            description = "Read linux.cgroupsPath as systemd's slice:prefix:name (cgroups are still made in"
                    + " cgroupfs, where systemd would put them).")
    boolean systemdCgroup;

    /**
     * Whether config.json's cgroupsPath is in systemd's form; asking for it where systemd does not run
     * is an error, since then no slice of that name exists.
     */
    boolean systemdCgroup() throws JrunException {
        if (systemdCgroup && !Files.isDirectory(Path.of("/run/systemd/system"))) {
            throw new JrunException("--systemd-cgroup: systemd is not running here (no /run/systemd/system);"
                    + " drop the flag (podman: cgroup_manager = \"cgroupfs\"; containerd: SystemdCgroup = false)");
        }
        return systemdCgroup;
    }

    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: warn); logs go to stderr.")
    void logLevel(Logging.LogLevel level) {
        Logging.configure(level);
    }
}
