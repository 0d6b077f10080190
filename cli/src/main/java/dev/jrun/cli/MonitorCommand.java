package dev.jrun.cli;

import dev.jrun.linux.SyscallException;
import dev.jrun.runtime.Jrun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jrun monitor}: the monitor of detached containers (see {@link Monitor}); {@code run -d} starts it. */
@Command(name = "monitor", hidden = true, description = "Reap detached containers and record their exit (internal).")
final class MonitorCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = "--ready", paramLabel = "FIFO", description = "Written once the monitor listens.")
    Path ready;

    @Override
    public Integer call() throws IOException, SyscallException {
        Monitor.serve(Roots.settings(global).stateRoot(), new Jrun(Roots.settings(global)).containers(), ready);
        return 0;
    }
}
