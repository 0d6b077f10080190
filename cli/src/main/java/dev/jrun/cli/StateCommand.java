package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun state ID}: the container's OCI state, as JSON on stdout. */
@Command(name = "state", mixinStandardHelpOptions = true, description = "Print a container's OCI state (JSON).")
final class StateCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    @Override
    public Integer call() throws JrunException {
        System.out.println(new Jrun(Roots.settings(global)).containers().state(id).toJson());
        return 0;
    }
}
