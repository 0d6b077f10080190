package dev.jrun.cli;

import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun rm [-f] NAME...}: removes stopped containers (kept with --keep, or run with -d). */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove stopped containers.")
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-f", "--force"}, description = "Kill a running one first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Containers to remove, by name or id.")
    List<String> names;

    @Override
    public Integer call() throws JrunException {
        BundleContainers containers = new Jrun(Roots.settings(global)).containers();
        for (String name : names) {
            containers.delete(name, force);
        }
        return 0;
    }
}
