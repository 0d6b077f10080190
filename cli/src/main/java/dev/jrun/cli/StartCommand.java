package dev.jrun.cli;

import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.JrunException;
import picocli.CommandLine.Command;

/** {@code jrun start ID}: lets a created container's process exec. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Let a created container's process exec.")
final class StartCommand extends ContainerIdCommand {
    @Override
    void act(BundleContainers containers) throws JrunException {
        containers.start(id);
    }
}
