package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun delete [--force] ID}: removes a stopped (or created) container's cgroup and state. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a container made by create.")
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-f", "--force"}, description = "Kill it if it runs; a missing id is no error.")
    boolean force;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    @Override
    public Integer call() throws JrunException {
        new Jrun(Roots.settings(global)).containers().delete(id, force);
        return 0;
    }
}
