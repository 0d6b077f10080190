package dev.jrun.cli;

import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.JrunException;
import picocli.CommandLine.Command;

/** {@code jrun resume ID}: thaws a paused container. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Thaw a paused container.")
final class ResumeCommand extends ContainerIdCommand {
    @Override
    void act(BundleContainers containers) throws JrunException {
        containers.resume(id);
    }
}
