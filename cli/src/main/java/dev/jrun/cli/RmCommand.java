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

/**
 * {@code jrun rm [-f] NAME...}, also OCI's {@code delete [--force] ID}: removes stopped (or created)
 * containers: kept with --keep, run with -d, or made by create.
 */
@Command(name = "rm", aliases = "delete", mixinStandardHelpOptions = true,
        description = "Remove stopped containers (OCI: delete).")
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-f", "--force"}, description = "Kill a running one first; a missing one is no error (as runc).")
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
