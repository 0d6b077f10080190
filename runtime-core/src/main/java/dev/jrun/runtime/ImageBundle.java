package dev.jrun.runtime;

import dev.jrun.cgroup.DeviceRule;
import dev.jrun.launch.CapabilitySets;
import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.linux.Arch;
import dev.jrun.linux.Capability;
import dev.jrun.network.NetworkMode;
import dev.jrun.oci.DefaultSpec;
import dev.jrun.oci.OciCgroups;
import dev.jrun.oci.OciLinux;
import dev.jrun.oci.OciMount;
import dev.jrun.oci.OciProcess;
import dev.jrun.oci.OciSeccompProfiles;
import dev.jrun.oci.OciSpec;
import dev.jrun.rootfs.ImageUsers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code jrun run}'s bundle: the image's config and the run's flags written as a config.json, the
 * document podman or containerd would hand jrun. From it on, {@code jrun run} and OCI {@code create}
 * take one path ({@link BundlePlan}), and {@code exec} and {@code inspect} read either the same way.
 */
final class ImageBundle {
    /** The image a container was made from, for {@code jrun ps}. */
    static final String IMAGE = "dev.jrun.image";

    private ImageBundle() {}

    /**
     * @param plan argv, environment (HOME included) and working directory, docker's rules applied
     * @param user the process's ids, resolved in the image's /etc/passwd and /etc/group
     * @param rootfs the container's root, mounted
     * @param etcMounts its /etc/hosts, /etc/hostname and /etc/resolv.conf (before the volumes, which may cover them)
     * @param volumes where -v and --mount find host paths and named volumes
     * @throws JrunException naming a malformed --tmpfs, --volume, --mount or --device
     */
    static OciSpec of(ContainerSpec spec, ProcessPlan plan, ImageUsers.User user, Path rootfs, String id,
                      RunNetwork network, List<OciMount> etcMounts, VolumeMounts volumes)
            throws JrunException, IOException {
        ProcessPrivileges privileges = spec.privileges().within(ProcessPrivileges.heldCapabilities());
        List<OciMount> mounts = new ArrayList<>(List.of(DefaultSpec.CGROUP_MOUNT));
        mounts.addAll(etcMounts);
        for (String tmpfs : spec.tmpfs()) {
            mounts.add(TmpfsMounts.mount(tmpfs));
        }
        for (String volume : spec.volumes()) {
            mounts.add(volumes.toMount(VolumeMounts.volume(volume), rootfs));
        }
        for (String mount : spec.mounts()) {
            mounts.add(volumes.toMount(VolumeMounts.mount(mount), rootfs));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(IMAGE, spec.image().name());
        if (spec.network() instanceof NetworkMode.Named named) {
            annotations.put(NetworkRequest.NETWORK, named.network());
            if (!spec.ports().isEmpty()) {
                annotations.put(NetworkRequest.PORTS, String.join(",", spec.ports().stream().map(Object::toString)
                        .toList()));
            }
        }
        List<OciLinux.Device> devices = new ArrayList<>();
        List<DeviceRule> rules = new ArrayList<>();
        for (String device : spec.devices()) {
            DeviceOptions.Given given = DeviceOptions.prepare(rootfs, device);
            devices.add(given.device());
            rules.add(given.rule());
            annotations.put(BundlePlan.DEVICE_SOURCE + given.device().path(), given.hostPath());
        }
        CapabilitySets sets = privileges.capabilities();
        OciProcess process = new OciProcess(spec.stdio().terminal() != null, null, new OciProcess.User(user.uid(), user.gid(), null,
                user.groups().stream().map(Integer::longValue).toList()), plan.argv(), plan.env(), plan.workdir(),
                new OciProcess.Capabilities(Capability.names(sets.bounding()), Capability.names(sets.effective()),
                        Capability.names(sets.inheritable()), Capability.names(sets.permitted()),
                        Capability.names(sets.ambient())), rlimits(spec.ulimits()),
                privileges.noNewPrivileges(), spec.oomScoreAdj());
        OciLinux linux = new OciLinux(namespaces(spec.cgroupNamespace(), network.namespace()), null, null,
                OciCgroups.resources(spec.limits(), privileges.confineDevices() ? rules : null), devices,
                privileges.seccomp() == null ? null : OciSeccompProfiles.fromProfile(privileges.seccomp(),
                        Arch.current(), sets.bounding(), System.getProperty("os.version")),
                privileges.maskedPaths(), privileges.readonlyPaths(), null, Map.of(),
                "/" + spec.cgroupParent() + "/" + id);
        return new OciSpec(DefaultSpec.OCI_VERSION, process, new OciSpec.Root(rootfs.toString(), spec.readOnly()),
                network.hostname(), mounts, linux, null, annotations);
    }

    /** @param network the network namespace entry, or null for none (the host's) */
    private static List<OciLinux.Namespace> namespaces(boolean cgroup, OciLinux.Namespace network) {
        List<OciLinux.Namespace> namespaces = new ArrayList<>();
        for (String type : cgroup ? List.of("pid", "ipc", "uts", "mount", "cgroup") : List.of("pid", "ipc", "uts",
                "mount")) {
            namespaces.add(new OciLinux.Namespace(type, null));
        }
        if (network != null) {
            namespaces.add(1, network);
        }
        return namespaces;
    }

    private static List<OciProcess.Rlimit> rlimits(List<Ulimit> ulimits) {
        return ulimits.stream().map(u -> new OciProcess.Rlimit("RLIMIT_" + u.name().toUpperCase(Locale.ROOT),
                u.hard(), u.soft())).toList();
    }
}
