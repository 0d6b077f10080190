package dev.jrun.cli;

import dev.jrun.oci.OciFeatures;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code jrun features}: what this runtime supports, as the runtime-spec's features document (JSON). */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Print the OCI features this runtime supports (JSON).")
final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        String version = new Version().getVersion()[0].substring("jrun ".length());
        System.out.println(OciFeatures.toJson(version));
        return 0;
    }
}
