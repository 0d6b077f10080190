package dev.jrun.cli;

import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.JrunException;
import picocli.CommandLine.Command;

/** {@code jrun pause ID}: freezes every process of a running container (its cgroup's freezer). */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Freeze every process of a running container.")
final class PauseCommand extends ContainerIdCommand {
    @Override
    void act(BundleContainers containers) throws JrunException {
        containers.pause(id);
    }
}
