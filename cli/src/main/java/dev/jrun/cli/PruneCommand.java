package dev.jrun.cli;

import dev.jrun.image.Digest;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jrun prune}: deletes the stored layers no image or container uses. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete stored layers that no loaded image and no container uses.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Override
    public Integer call() throws JrunException {
        List<Digest> removed = new Jrun(Roots.settings(global)).prune();
        removed.forEach(layer -> System.out.println("Deleted layer " + layer));
        System.out.println("Deleted " + removed.size() + " layer" + (removed.size() == 1 ? "" : "s"));
        return 0;
    }
}
