package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun rm NAME...}: removes stopped containers kept with {@code run --keep}. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove stopped containers.")
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Containers to remove.")
    List<String> names;

    @Override
    public Integer call() throws JrunException {
        Jrun jrun = new Jrun(Roots.settings(global));
        for (String name : names) {
            jrun.remove(name);
        }
        return 0;
    }
}
