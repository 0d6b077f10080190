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
 * @param threadCgroups cgroup v1 {@code tasks} files the init thread joins before it unshares the
 *                      cgroup namespace, so that the container sees its cgroup as {@code /}; empty on v2
 * @param cgroupNamespace whether the container gets a cgroup namespace of its own ({@code --cgroupns
 *                        private}) or sees the host's cgroup paths ({@code host})
 */
public record LaunchSpec(Path rootfs, Path stateDir, String hostname, ProcessSpec process, Stdio stdio,
                         ProcMount procMount, java.util.List<Path> threadCgroups, boolean cgroupNamespace) {

    /** A launch with a private cgroup namespace that joins no cgroup before it unshares. */
    public LaunchSpec(Path rootfs, Path stateDir, String hostname, ProcessSpec process, Stdio stdio,
                      ProcMount procMount) {
        this(rootfs, stateDir, hostname, process, stdio, procMount, java.util.List.of(), true);
    }

    public LaunchSpec {
        threadCgroups = java.util.List.copyOf(threadCgroups);
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
