package dev.jrun.cli;

import dev.jrun.image.Digest;
import dev.jrun.image.Image;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import dev.jrun.store.ImageRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun load IMAGE}: unpacks an image archive into the layer store without running it. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Import an image archive (or OCI layout) into the store, to run later by name or id.")
final class LoadCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Mixin
    ImagePick pick;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image archive or OCI layout, optionally PATH:TAG.")
    String image;

    @Override
    public Integer call() throws JrunException {
        Jrun jrun = new Jrun(Roots.settings(global));
        Image loaded = pick.find(jrun, image);
        ImageRecord record = jrun.load(loaded, ProgressBar.forStderr());
        System.out.println("Loaded image " + loaded.name() + " (" + Digest.parse(record.id()).shortHex() + ")");
        return 0;
    }
}
