package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun start ID}: lets a created container's process exec. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start a created container.")
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    @Override
    public Integer call() throws JrunException {
        new Jrun(Roots.settings(global)).containers().start(id);
        return 0;
    }
}
