package dev.jrun.launch;

import dev.jrun.linux.UserNamespace;
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
 * @param rootfsOptions read-only root, tmpfs and bind mounts, devices, the cgroup mount
 * @param credentials the first process's uid, gid and supplementary groups
 * @param privileges the first process's capabilities, no_new_privs and masked paths
 * @param seccompFilter {@code privileges}'s seccomp profile compiled for this host (see
 *                      {@code SeccompCompiler}), or null for no filter
 * @param cgroupView how the container's cgroup namespace is made, if it gets one
 * @param userns the user namespace jrun runs in: the initial one as root, its launcher's when
 *               rootless (device nodes are then bound from the host, not made)
 * @param namespaces which namespaces are new and which joined
 */
public record LaunchSpec(Path rootfs, Path stateDir, String hostname, ProcessSpec process, Stdio stdio,
                         ProcMount procMount, RootfsOptions rootfsOptions, Credentials credentials,
                         ProcessPrivileges privileges,
                         long[] seccompFilter, CgroupView cgroupView, UserNamespace userns, Namespaces namespaces) {

    /**
     * A launch as root with the default privileges but no seccomp filter, and a cgroup namespace of
     * its own, made wherever the launch thread is.
     */
    public LaunchSpec(Path rootfs, Path stateDir, String hostname, ProcessSpec process, Stdio stdio,
                      ProcMount procMount) {
        this(rootfs, stateDir, hostname, process, stdio, procMount, RootfsOptions.DEFAULT, Credentials.ROOT,
                ProcessPrivileges.DEFAULT, null,
                new CgroupView.Unshare(java.util.List.of(), java.util.List.of()), UserNamespace.current(),
                Namespaces.ALL_NEW);
    }

    public LaunchSpec {
        Objects.requireNonNull(rootfsOptions, "rootfsOptions");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(privileges, "privileges");
        Objects.requireNonNull(cgroupView, "cgroupView");
        Objects.requireNonNull(userns, "userns");
        Objects.requireNonNull(namespaces, "namespaces");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(procMount, "procMount");
        rootfs = rootfs.toAbsolutePath();
        stateDir = stateDir.toAbsolutePath();
    }

    /** The same launch with other rootfs options (the cgroup mount is decided once the cgroup exists). */
    public LaunchSpec withRootfsOptions(RootfsOptions options) {
        return new LaunchSpec(rootfs, stateDir, hostname, process, stdio, procMount, options, credentials,
                privileges, seccompFilter, cgroupView, userns, namespaces);
    }

    /** The same launch with the cgroup view decided at start (see {@link CgroupView}). */
    public LaunchSpec withCgroupView(CgroupView view) {
        return new LaunchSpec(rootfs, stateDir, hostname, process, stdio, procMount, rootfsOptions, credentials,
                privileges, seccompFilter, view, userns, namespaces);
    }
}
