package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import dev.jrun.store.ImageRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun rmi IMAGE...}: forgets loaded images; {@code jrun prune} then frees their layers. */
@Command(name = "rmi", mixinStandardHelpOptions = true,
        description = "Remove images from the store (their layers go at the next prune).")
final class RmiCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image names or ids.")
    List<String> references;

    @Override
    public Integer call() throws JrunException {
        Jrun jrun = new Jrun(Roots.settings(global));
        for (String reference : references) {
            ImageRecord removed = jrun.removeImage(reference);
            System.out.println("Removed " + removed.id());
        }
        return 0;
    }
}
