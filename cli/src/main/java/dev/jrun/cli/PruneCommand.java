package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import dev.jrun.runtime.Pruned;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jrun prune}: removes what dead runtimes left, then the stored layers nothing uses. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove containers whose jrun died (kill -9, power cut: their processes, cgroups and"
                + " directories; not those kept with --keep), then stored layers that no loaded image and no"
                + " container uses.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Override
    public Integer call() throws JrunException {
        Pruned pruned = new Jrun(Roots.settings(global)).prune();
        pruned.containers().forEach(name -> System.out.println("Deleted container " + name));
        pruned.layers().forEach(layer -> System.out.println("Deleted layer " + layer));
        System.out.println("Deleted " + count(pruned.containers().size(), "container") + ", "
                + count(pruned.layers().size(), "layer"));
        return 0;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
