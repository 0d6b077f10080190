package dev.jrun.cli;

import dev.jrun.linux.UserNamespace;
import dev.jrun.oci.DefaultSpec;
import dev.jrun.oci.OciSpecException;
import dev.jrun.runtime.JrunException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jrun spec}: a starting config.json for a bundle, as {@code runc spec} writes one. */
@Command(name = "spec", mixinStandardHelpOptions = true,
        description = "Write a default config.json (OCI runtime-spec) into the bundle directory.")
final class SpecCommand implements Callable<Integer> {
    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", description = "The bundle directory (default: here).")
    Path bundle = Path.of(".");

    @Option(names = "--rootless", description = "A config for a user namespace mapping the caller to root.")
    boolean rootless;

    @Override
    public Integer call() throws JrunException {
        UserNamespace userns = UserNamespace.current();
        try {
            DefaultSpec.write(DefaultSpec.of(rootless, userns.hostUid(0) < 0 ? 0 : userns.hostUid(0),
                    userns.gids().isEmpty() ? 0 : userns.gids().get(0).outside()), bundle);
        } catch (OciSpecException e) {
            throw new JrunException(e.getMessage(), e);
        }
        return 0;
    }
}
