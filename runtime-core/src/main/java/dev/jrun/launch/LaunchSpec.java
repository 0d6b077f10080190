package dev.jrun.launch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the launch needs, already decided: an internal config, not an image or a CLI's flags.
 *
 * @param rootfs host directory holding the container's root filesystem
 * @param stateDir host directory private to this container, for the exec barrier's FIFOs
 * @param hostname the container's hostname
 * @param process the first process
 * @param stdio where its standard streams go
 * @param procMount how /proc is made
 */
public record LaunchSpec(Path rootfs, Path stateDir, String hostname, ProcessSpec process, Stdio stdio,
                         ProcMount procMount) {
    public LaunchSpec {
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(procMount, "procMount");
        rootfs = rootfs.toAbsolutePath();
        stateDir = stateDir.toAbsolutePath();
    }
}
