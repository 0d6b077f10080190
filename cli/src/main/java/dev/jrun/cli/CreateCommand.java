package dev.jrun.cli;

import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.Stdio;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.CreateOptions;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jrun create ID}: the OCI runtime command. Sets the container up from the bundle's
 * config.json and leaves its process waiting at the exec barrier; jrun then exits, and the process
 * outlives it (the caller, conmon or containerd's shim, is its subreaper).
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a container from an OCI bundle; its process waits for `jrun start`.")
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "The bundle directory (default: here).")
    Path bundle = Path.of(".");

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the container process's host pid here.")
    Path pidFile;

    @Option(names = "--console-socket", paramLabel = "SOCKET",
            description = "Unix socket to send a terminal's master to (process.terminal).")
    Path consoleSocket;

    @Option(names = "--preserve-fds", paramLabel = "N",
            description = "Pass descriptors 3 to 3+N-1 of jrun on to the container.")
    int preserveFds;

    @Option(names = "--no-pivot", description = "Accepted for runc's callers; jrun always uses pivot_root.")
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "Accepted for runc's callers; jrun makes no session keyring.")
    boolean noNewKeyring;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    @Override
    public Integer call() throws JrunException {
        Jrun jrun = new Jrun(Roots.settings(global));
        Container container = jrun.createFromBundle(id, bundle, new CreateOptions(
                pidFile == null ? null : pidFile.toAbsolutePath(), new Stdio(null, null, null, preserveFds, null),
                consoleSocket == null ? null : consoleSocket.toAbsolutePath(), global.systemdCgroup()),
                LaunchObserver.NONE);
        container.leaveWaiting();
        return 0;
    }
}
