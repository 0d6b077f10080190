package dev.jrun.cli;

import dev.jrun.launch.LaunchException;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.LaunchedProcess;
import dev.jrun.launch.Stdio;
import dev.jrun.oci.OciProcess;
import dev.jrun.oci.OciSpecException;
import dev.jrun.oci.OciSpecReader;
import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jrun exec ID CMD...} or {@code jrun exec --process FILE ID}: runs another process in a
 * running container. Without {@code --detach} jrun waits and exits with its code.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a process in a running container.")
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-p", "--process"}, paramLabel = "FILE",
            description = "The process as JSON (config.json's process object); CMD and the other flags then do not apply.")
    Path processFile;

    @Option(names = {"-d", "--detach"}, description = "Do not wait: jrun exits once the process has started.")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Accepted, as docker's: stdin always reaches the process.")
    boolean interactive;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the process's host pid here.")
    Path pidFile;

    @Option(names = {"-t", "--tty"}, description = "Give the process a terminal: relayed to yours, or its master sent"
            + " to --console-socket.")
    boolean tty;

    @Option(names = "--console-socket", paramLabel = "SOCKET", description = "Where a terminal's master goes.")
    Path consoleSocket;

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory in the container.")
    String cwd;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Add to the container's environment.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "Numeric user and group.")
    String user;

    @Option(names = "--preserve-fds", paramLabel = "N", description = "Pass descriptors 3 to 3+N-1 on.")
    int preserveFds;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws JrunException {
        BundleContainers containers = new Jrun(Roots.settings(global)).containers();
        OciProcess wanted = process(containers);
        // a terminal without a console socket is jrun's to relay (exec -t in the foreground)
        boolean relay = Boolean.TRUE.equals(wanted.terminal()) && consoleSocket == null;
        if (relay && detach) {
            throw new JrunException("exec -t --detach: a detached terminal needs --console-socket");
        }
        LaunchedProcess process = containers.exec(id, wanted, pidFile == null ? null : pidFile.toAbsolutePath(),
                relay ? TerminalRelay.stdio() : new Stdio(null, null, null, preserveFds, null),
                consoleSocket == null ? null : consoleSocket.toAbsolutePath(), LaunchObserver.NONE);
        if (detach) {
            return 0;
        }
        TerminalRelay.Exit exit = () -> {
            try {
                return process.waitFor().shellCode();
            } catch (LaunchException e) {
                throw new JrunException(e.getMessage(), e);
            }
        };
        return relay ? TerminalRelay.relay(process.terminalFd(), exit) : exit.await();
    }

    /** From --process, else the container's own process with CMD and the flags over it (as runc). */
    private OciProcess process(BundleContainers containers) throws JrunException {
        if (processFile != null) {
            try {
                return OciSpecReader.readProcess(processFile);
            } catch (OciSpecException e) {
                throw new JrunException(e.getMessage(), e);
            }
        }
        if (command.isEmpty()) {
            throw new JrunException("exec " + id + ": give a command, or --process FILE");
        }
        OciProcess base = containers.process(id);
        List<String> environment = new ArrayList<>(base.env());
        environment.addAll(env);
        OciProcess.User who = base.user();
        if (user != null) {
            String[] ids = user.split(":", 2);
            try {
                who = new OciProcess.User(Long.parseLong(ids[0]), ids.length > 1 ? Long.parseLong(ids[1]) : 0, null,
                        null);
            } catch (NumberFormatException e) {
                throw new JrunException("exec --user " + user + ": expected UID[:GID], numbers");
            }
        }
        return new OciProcess(tty, null, who, command, environment, cwd != null ? cwd : base.cwd(),
                base.capabilities(), base.rlimits(), base.noNewPrivileges(), base.oomScoreAdj());
    }
}
