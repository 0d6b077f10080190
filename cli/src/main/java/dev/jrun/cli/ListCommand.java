package dev.jrun.cli;

import dev.jrun.oci.OciState;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jrun list}: the containers under the state root, as runc lists them. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List containers and their status.")
final class ListCommand implements Callable<Integer> {
    enum Format { TABLE, JSON }

    @ParentCommand
    JrunCommand global;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table (default) or json.")
    Format format = Format.TABLE;

    @Option(names = {"-q", "--quiet"}, description = "Only the ids.")
    boolean quiet;

    @Override
    public Integer call() throws JrunException {
        List<OciState> states = new Jrun(Roots.settings(global)).containers().list();
        if (quiet) {
            states.forEach(s -> System.out.println(s.id()));
        } else if (format == Format.JSON) {
            System.out.println(OciState.toJson(states));
        } else {
            System.out.printf("%-20s %-8s %-10s %s%n", "ID", "PID", "STATUS", "BUNDLE");
            for (OciState s : states) {
                System.out.printf("%-20s %-8d %-10s %s%n", s.id(), s.pid(), s.status(), s.bundle() == null ? "-"
                        : s.bundle());
            }
        }
        return 0;
    }
}
