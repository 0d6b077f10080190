package dev.jrun.runtime;

import static dev.jrun.linux.Clone.CLONE_NEWIPC;
import static dev.jrun.linux.Clone.CLONE_NEWNET;
import static dev.jrun.linux.Clone.CLONE_NEWNS;
import static dev.jrun.linux.Clone.CLONE_NEWPID;
import static dev.jrun.linux.Clone.CLONE_NEWUTS;

import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.cgroup.DeviceRule;
import dev.jrun.launch.BarrierHook;
import dev.jrun.launch.CapabilitySets;
import dev.jrun.launch.CgroupView;
import dev.jrun.launch.CommandException;
import dev.jrun.launch.Credentials;
import dev.jrun.launch.ExecutableLookup;
import dev.jrun.launch.LaunchSpec;
import dev.jrun.launch.Namespaces;
import dev.jrun.launch.ProcMount;
import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.launch.ProcessSpec;
import dev.jrun.launch.RootfsOptions;
import dev.jrun.launch.Stdio;
import dev.jrun.launch.Sysctls;
import dev.jrun.linux.Capability;
import dev.jrun.linux.FileStat;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.Rlimits;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.UserNamespace;
import dev.jrun.oci.OciCgroups;
import dev.jrun.oci.OciLinux;
import dev.jrun.oci.OciProcess;
import dev.jrun.oci.OciSeccompProfiles;
import dev.jrun.oci.DefaultSpec;
import dev.jrun.oci.OciSpec;
import dev.jrun.oci.OciState;
import dev.jrun.rootfs.ImageUsers;
import dev.jrun.rootfs.MountPoints;
import dev.jrun.rootfs.RootPaths;
import dev.jrun.seccomp.SeccompProfile;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bundle's config.json turned into the engine's own description of a container: the launch, the
 * cgroup and what happens at the exec barrier. An image's {@code jrun run} arrives at the same three
 * from its flags; from here on both take one path (create, start, wait, delete).
 *
 * @param launch the launch, with the cgroup view still to be decided at create
 * @param settings rlimits, OOM score, pid file
 * @param cgroupParent the cgroup's parent path under each hierarchy's root
 * @param cgroupName the cgroup's own name
 * @param limits the cgroup's limits
 * @param devices the device allow-list, or null for every device (no device cgroup rules)
 * @param cgroupMount the container's cgroups at /sys/fs/cgroup, decided once the cgroup exists; null for none
 * @param network the CNI network it joins at the exec barrier; null for none
 */
record BundlePlan(LaunchSpec launch, ContainerSettings settings, String cgroupParent, String cgroupName,
                  CgroupLimits limits, List<DeviceRule> devices, CgroupMountRequest cgroupMount, NetworkRequest network) {

    private static final System.Logger LOG = System.getLogger(BundlePlan.class.getName());
    private static final Map<String, Integer> NAMESPACE_FLAGS = Map.of("mount", CLONE_NEWNS, "uts", CLONE_NEWUTS,
            "ipc", CLONE_NEWIPC, "network", CLONE_NEWNET, "pid", CLONE_NEWPID);

    /**
     * @param id the container's id, which names its cgroup when config.json does not
     * @param systemdCgroup whether {@code cgroupsPath} is in systemd's {@code slice:prefix:name} form
     * @throws JrunException naming the JSON path of what jrun cannot do
     */
    static BundlePlan of(String id, OciSpec spec, Path bundle, Path stateDir, Stdio stdio, Path consoleSocket,
                         Path pidFile, boolean systemdCgroup, UserNamespace userns, ProcMount procMount)
            throws JrunException, IOException {
        OciProcess process = spec.process();
        if (process == null) {
            throw new JrunException("process: config.json says what to run there, and it is missing");
        }
        stdio = stdio(process, stdio, consoleSocket);
        OciLinux linux = spec.linux() != null ? spec.linux()
                : new OciLinux(null, null, null, null, null, null, null, null, null, null, null);
        Path rootfs = bundle.resolve(spec.root().path()).normalize();
        String cwd = process.cwd() != null ? process.cwd() : "/";
        MountPoints.prepare(rootfs, cwd);
        BundleMounts.Mounts mounts = BundleMounts.prepare(rootfs, bundle, spec.mounts());
        ImageUsers.User user = user(process.user());
        MappedIds.require(userns, user);
        MappedIds.requireMappings(userns, linux);
        if (linux.rootfsPropagation() != null && !linux.rootfsPropagation().endsWith("private")) {
            throw new JrunException("linux.rootfsPropagation: " + linux.rootfsPropagation() + " is not supported yet"
                    + " (jrun makes every mount of the container private)");
        }
        Namespaces namespaces = namespaces(linux.namespaces(), userns);
        for (String key : linux.sysctl().keySet()) {
            int ns = Sysctls.namespaceOf(key);
            if (ns == 0 || !namespaces.isNew(ns)) {
                throw new JrunException("linux.sysctl." + key + ": " + (ns == 0 ? "not a setting of the container's"
                        + " own namespaces" : "the container shares that namespace with the host")
                        + ": it would change the host");
            }
        }
        boolean cgroupNamespace = linux.namespaces().stream().anyMatch(n -> n.type().equals("cgroup"));
        String hostname = spec.hostname() != null ? spec.hostname() : hostHostname();
        if (spec.hostname() != null && !namespaces.isNew(CLONE_NEWUTS)) {
            throw new JrunException("hostname: setting it needs a uts namespace of the container's own");
        }
        String executable;
        try {
            executable = ExecutableLookup.find(rootfs, process.args().get(0), ExecutableLookup.pathOf(process.env()));
        } catch (CommandException e) {
            throw new JrunException(e.getMessage(), e);
        }
        List<DeviceRule> devices = deviceRules(linux);
        ProcessPrivileges privileges = privileges(process, linux, devices != null);
        LaunchSpec launch = new LaunchSpec(rootfs, stateDir, hostname,
                new ProcessSpec(executable, process.args(), process.env(), cwd), stdio, procMount,
                new RootfsOptions(spec.root().readonly(), mounts.tmpfs(), mounts.binds(),
                        devices(rootfs, linux.devices(), spec.annotations()), null),
                new Credentials(user.uid(), user.gid(), user.groups().stream().mapToInt(Integer::intValue).toArray()),
                privileges, Jrun.seccompFilter(privileges), new CgroupView.Host(), userns, namespaces);
        String[] cgroup = cgroupPath(linux.cgroupsPath(), id, systemdCgroup);
        CgroupLimits limits = limits(linux);
        return new BundlePlan(launch, new ContainerSettings(cgroupNamespace, rlimits(process), process.oomScoreAdj(),
                pidFile, Deadline.NONE, limits, atBarrier(id, spec, linux, bundle, stateDir), BarrierHook.NONE), cgroup[0],
                cgroup[1], limits, devices, mounts.cgroups(), NetworkRequest.of(spec, bundle, namespaces, hostname));
    }

    /**
     * {@code exec}: {@code process} started in the running container whose first process is host pid
     * {@code pid}, entering all its namespaces, with the container's seccomp profile. The cgroup is
     * the container's: only {@code settings} and {@code launch} matter.
     */
    static BundlePlan forExec(OciProcess process, OciSpec container, int pid, Path stateDir, Stdio stdio,
                              Path consoleSocket, Path pidFile, UserNamespace userns) throws JrunException {
        stdio = stdio(process, stdio, consoleSocket);
        if (process.args().isEmpty()) {
            throw new JrunException("process.args: exec needs a command");
        }
        OciLinux linux = container.linux() != null ? container.linux()
                : new OciLinux(null, null, null, null, null, null, null, null, null, null, null);
        ImageUsers.User user = user(process.user());
        MappedIds.require(userns, user);
        Path root = Path.of("/proc", Integer.toString(pid), "root"); // the container's root, as its process sees it
        String executable;
        try {
            executable = ExecutableLookup.find(root, process.args().get(0), ExecutableLookup.pathOf(process.env()));
        } catch (CommandException e) {
            throw new JrunException(e.getMessage(), e);
        }
        ProcessPrivileges privileges = privileges(process, new OciLinux(null, null, null, null, null, linux.seccomp(),
                null, null, null, null, null), false);
        LaunchSpec launch = new LaunchSpec(root, stateDir, "exec",
                new ProcessSpec(executable, process.args(), process.env(), process.cwd() != null ? process.cwd() : "/"),
                stdio, ProcMount.AUTO, RootfsOptions.DEFAULT,
                new Credentials(user.uid(), user.gid(), user.groups().stream().mapToInt(Integer::intValue).toArray()),
                privileges, Jrun.seccompFilter(privileges), new CgroupView.Host(), userns, Namespaces.of(pid));
        return new BundlePlan(launch, new ContainerSettings(false, rlimits(process), process.oomScoreAdj(), pidFile,
                Deadline.NONE, CgroupLimits.NONE, BarrierHook.NONE, BarrierHook.NONE), null, null, CgroupLimits.NONE, null,
                null, null);
    }

    /**
     * The sysctls and hooks of create, at the exec barrier: the container's namespaces and cgroup
     * exist, its pid is known, its root is pivoted and its /proc mounted, nothing of the image has
     * run. prestart (deprecated) runs with createRuntime, as runc does, both in jrun's namespaces;
     * createContainer runs here too, found on the host but run in the container's namespaces (unlike
     * runc's, which run before pivot_root, it sees the container's root as /).
     */
    private static BarrierHook atBarrier(String id, OciSpec spec, OciLinux linux, Path bundle, Path stateDir) {
        OciSpec.Hooks hooks = spec.hooks();
        if (hooks == null && linux.sysctl().isEmpty()) {
            return BarrierHook.NONE;
        }
        return pid -> {
            Sysctls.apply(pid, linux.sysctl());
            if (hooks == null) {
                return;
            }
            OciState state = new OciState(DefaultSpec.OCI_VERSION, id, "created", pid, bundle.toString(),
                    spec.annotations());
            Syscalls sys = new LinuxSyscalls();
            try {
                Hooks.run(sys, "prestart", Hooks.Where.RUNTIME, hooks.prestart(), state, stateDir);
                Hooks.run(sys, "createRuntime", Hooks.Where.RUNTIME, hooks.createRuntime(), state, stateDir);
                Hooks.run(sys, "createContainer", Hooks.Where.CONTAINER_WITH_RUNTIME_PATH, hooks.createContainer(),
                        state, stateDir);
            } catch (JrunException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    /**
     * {@code stdio}, or with {@code process.terminal} a terminal whose master goes to
     * {@code consoleSocket} (the two come together, as runc requires).
     */
    private static Stdio stdio(OciProcess process, Stdio stdio, Path consoleSocket) throws JrunException {
        boolean terminal = Boolean.TRUE.equals(process.terminal());
        if (terminal && stdio.terminal() != null && consoleSocket == null) {
            return stdio; // jrun's own terminal (run -t, exec -t): it keeps the master and relays it
        }
        if (terminal != (consoleSocket != null)) {
            throw new JrunException(terminal ? "process.terminal: a terminal needs --console-socket, where its"
                    + " master goes" : "--console-socket: only for a process with a terminal (process.terminal)");
        }
        if (!terminal) {
            return stdio;
        }
        OciProcess.ConsoleSize size = process.consoleSize();
        return new Stdio(null, null, null, stdio.preserveFds(), new Stdio.Terminal(consoleSocket,
                size == null ? 0 : size.height(), size == null ? 0 : size.width()));
    }

    /** Where a device node's host original is, for a rootless bind: this annotation, else the same path. */
    static final String DEVICE_SOURCE = "dev.jrun.device-source:";

    /**
     * {@code linux.devices}: nodes made in the container's fresh /dev (as root with mknod; rootless,
     * which cannot, by binding the host's), except those the launch makes anyway.
     */
    private static List<RootfsOptions.Device> devices(Path rootfs, List<OciLinux.Device> devices,
                                                      Map<String, String> annotations) throws JrunException, IOException {
        List<RootfsOptions.Device> nodes = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            OciLinux.Device d = devices.get(i);
            if (d.path() == null || !d.path().startsWith("/") || !List.of("c", "u", "b").contains(d.type())) {
                throw new JrunException("linux.devices[" + i + "]: needs an absolute path and type c, u or b");
            }
            if (RootfsOptions.Device.madeByLaunch(d.path())) {
                continue;
            }
            nodes.add(new RootfsOptions.Device(annotations.getOrDefault(DEVICE_SOURCE + d.path(), d.path()),
                    RootPaths.resolve(rootfs, d.path()).toString(), d.type().equals("b") ? FileStat.S_IFBLK
                    : FileStat.S_IFCHR, (int) d.major(), (int) d.minor(), d.fileMode() == null ? 0666 : d.fileMode()));
        }
        return nodes;
    }

    private static ImageUsers.User user(OciProcess.User user) {
        if (user == null) {
            return new ImageUsers.User(0, 0, List.of(), "/");
        }
        List<Integer> groups = user.additionalGids() == null ? List.of()
                : user.additionalGids().stream().map(Long::intValue).toList();
        return new ImageUsers.User((int) user.uid(), (int) user.gid(), groups, "/");
    }

    private static Namespaces namespaces(List<OciLinux.Namespace> given, UserNamespace userns) throws JrunException {
        int unshare = 0;
        List<Namespaces.Join> joins = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            OciLinux.Namespace ns = given.get(i);
            if (ns.type().equals("cgroup")) {
                continue; // the cgroup view is the cgroup's business (ContainerSettings.cgroupNamespace)
            }
            if (ns.type().equals("user") && ns.path() == null && !userns.initial()) {
                continue; // rootless: the launcher's namespace is the new one (MappedIds.requireMappings)
            }
            Integer flag = NAMESPACE_FLAGS.get(ns.type());
            if (flag == null) {
                throw new JrunException("linux.namespaces[" + i + "]: a " + ns.type() + " namespace is not supported"
                        + (ns.type().equals("user") ? " (a JVM cannot make or enter one; run jrun as a user instead:"
                        + " rootless jrun runs in a user namespace its launcher makes)" : ""));
            }
            if (ns.path() == null) {
                unshare |= flag;
            } else if (flag == CLONE_NEWNS) {
                throw new JrunException("linux.namespaces[" + i + "].path: jrun makes the container's mount namespace"
                        + " itself; it cannot join " + ns.path());
            } else {
                joins.add(new Namespaces.Join(flag, ns.path()));
            }
        }
        if ((unshare & CLONE_NEWNS) == 0) {
            throw new JrunException("linux.namespaces: jrun needs a mount namespace for the container (type mount)");
        }
        return new Namespaces(unshare, joins);
    }

    /** process.capabilities, each set as given (OciSpecCheck has checked the names); without it, none. */
    private static ProcessPrivileges privileges(OciProcess process, OciLinux linux, boolean confineDevices)
            throws JrunException {
        OciProcess.Capabilities c = process.capabilities() == null
                ? new OciProcess.Capabilities(null, null, null, null, null) : process.capabilities();
        long permitted = mask(c.permitted());
        long inheritable = mask(c.inheritable());
        long ambient = mask(c.ambient());
        long unraisable = ambient & ~(permitted & inheritable);
        if (unraisable != 0) {
            // the kernel raises an ambient capability only if it is permitted and inheritable; runc's own
            // spec (ambient without inheritable since CVE-2022-29162) relies on runc ignoring that, and the
            // runtime-spec says capabilities that cannot be granted are a warning, not a failure
            LOG.log(System.Logger.Level.WARNING, "process.capabilities.ambient: " + String.join(", ",
                    Capability.names(unraisable)) + " not raised: an ambient capability must be permitted and"
                    + " inheritable too");
        }
        CapabilitySets caps = new CapabilitySets(mask(c.bounding()), mask(c.effective()), permitted, inheritable,
                ambient & ~unraisable);
        SeccompProfile seccomp;
        try {
            seccomp = linux.seccomp() == null ? null : OciSeccompProfiles.toProfile(linux.seccomp());
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage(), e);
        }
        return new ProcessPrivileges(caps, Boolean.TRUE.equals(process.noNewPrivileges()), linux.maskedPaths(),
                linux.readonlyPaths(), seccomp, confineDevices).within(ProcessPrivileges.heldCapabilities());
    }

    private static long mask(List<String> names) {
        long mask = 0;
        for (String name : names) {
            mask |= 1L << Capability.number(name);
        }
        return mask;
    }

    /**
     * config.json's allow-list, plus what every container needs (the nodes the launch makes in /dev,
     * ptys, and mknod of any node), as runc adds its own defaults to the spec's rules.
     */
    private static List<DeviceRule> deviceRules(OciLinux linux) throws JrunException {
        if (linux.resources() == null) {
            return null;
        }
        try {
            List<DeviceRule> rules = new ArrayList<>(OciCgroups.deviceAllowList(linux.resources().devices()));
            if (rules.contains(DeviceRule.ALL)) {
                return null;
            }
            rules.addAll(Jrun.DEFAULT_DEVICES);
            return rules;
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    private static CgroupLimits limits(OciLinux linux) throws JrunException {
        try {
            return linux.resources() == null ? CgroupLimits.NONE : OciCgroups.limits(linux.resources());
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /** Named as --ulimit names them ({@code nofile}), the same limits whichever way they came. */
    private static List<Ulimit> rlimits(OciProcess process) {
        return process.rlimits().stream().map(r -> new Ulimit(r.type().substring("RLIMIT_".length())
                .toLowerCase(java.util.Locale.ROOT), Rlimits.number(r.type()), r.soft(), r.hard())).toList();
    }

    /**
     * {@code [parent, name]}: {@code /a/b/c} is c under a/b; systemd's {@code slice:prefix:name} is
     * the cgroupfs path systemd would use for it ({@code slice/prefix-name.scope}); none is
     * {@code jrun/ID}.
     */
    static String[] cgroupPath(String path, String id, boolean systemd) throws JrunException {
        if (path == null || path.isEmpty()) {
            return new String[] {"jrun", id};
        }
        if (systemd) {
            String[] parts = path.split(":", -1);
            if (parts.length != 3) {
                throw new JrunException("linux.cgroupsPath " + path + ": with --systemd-cgroup it is slice:prefix:name");
            }
            return new String[] {parts[0].isEmpty() ? "system.slice" : parts[0], parts[1] + "-" + parts[2] + ".scope"};
        }
        String trimmed = path.replaceAll("^/+|/+$", "");
        int slash = trimmed.lastIndexOf('/');
        if (trimmed.isEmpty() || trimmed.contains("..")) {
            throw new JrunException("linux.cgroupsPath " + path + ": not a cgroup path");
        }
        return slash < 0 ? new String[] {"", trimmed} : new String[] {trimmed.substring(0, slash),
            trimmed.substring(slash + 1)};
    }

    /** The host's name: a new uts namespace starts with it, and keeps it when config.json names none. */
    static String hostHostname() throws IOException {
        try (FileInputStream in = new FileInputStream("/proc/sys/kernel/hostname")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
