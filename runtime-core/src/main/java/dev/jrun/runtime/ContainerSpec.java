package dev.jrun.runtime;

import dev.jrun.container.ContainerName;
import dev.jrun.image.Image;
import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.launch.ProcMount;
import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.rootfs.RootfsMode;
import dev.jrun.launch.Stdio;
import dev.jrun.network.HostEntry;
import dev.jrun.network.IpAddresses;
import dev.jrun.network.NetworkMode;
import dev.jrun.network.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to run: an image and docker-style overrides. Built with {@link #builder(Image)}; anything not
 * set comes from the image config (Entrypoint, Cmd, Env, WorkingDir) or docker's defaults.
 */
public final class ContainerSpec {
    private final Image image;
    private final ContainerName name;
    private final boolean keep;
    private final boolean detached;
    private final String hostname;
    private final List<String> entrypoint;
    private final List<String> command;
    private final List<String> env;
    private final String workdir;
    private final Stdio stdio;
    private final ProcMount procMount;
    private final RootfsMode rootfsMode;
    private final CgroupLimits limits;
    private final String cgroupParent;
    private final Deadline deadline;
    private final List<Ulimit> ulimits;
    private final Integer oomScoreAdj;
    private final boolean cgroupNamespace;
    private final ProcessPrivileges privileges;
    private final String user;
    private final List<String> groupAdd;
    private final boolean readOnly;
    private final List<String> tmpfs;
    private final List<String> volumes;
    private final List<String> mounts;
    private final List<String> devices;
    private final NetworkMode network;
    private final List<String> dns;
    private final List<HostEntry> extraHosts;
    private final List<PortMapping> ports;

    private ContainerSpec(Builder b) {
        this.image = Objects.requireNonNull(b.image, "image");
        this.name = b.name == null ? null : new ContainerName(b.name);
        this.keep = b.keep;
        this.detached = b.detached;
        this.hostname = b.hostname;
        this.entrypoint = b.entrypoint == null ? null : List.copyOf(b.entrypoint);
        this.command = List.copyOf(b.command);
        this.env = List.copyOf(b.env);
        this.workdir = b.workdir;
        this.stdio = b.stdio;
        this.procMount = b.procMount;
        this.rootfsMode = b.rootfsMode;
        this.limits = b.limits;
        this.cgroupParent = b.cgroupParent;
        this.deadline = b.deadline;
        this.ulimits = List.copyOf(b.ulimits);
        this.oomScoreAdj = b.oomScoreAdj;
        this.cgroupNamespace = b.cgroupNamespace;
        this.privileges = b.privileges;
        this.user = b.user;
        this.groupAdd = List.copyOf(b.groupAdd);
        this.readOnly = b.readOnly;
        this.tmpfs = List.copyOf(b.tmpfs);
        this.volumes = List.copyOf(b.volumes);
        this.mounts = List.copyOf(b.mounts);
        this.devices = List.copyOf(b.devices);
        this.network = b.network;
        this.dns = List.copyOf(b.dns);
        this.extraHosts = List.copyOf(b.extraHosts);
        this.ports = List.copyOf(b.ports);
        if (!ports.isEmpty() && !(network instanceof NetworkMode.Named)) {
            throw new IllegalArgumentException("-p needs --network bridge or another CNI network: with --network "
                    + network + " the container has no ports of its own to publish");
        }
        dns.forEach(server -> IpAddresses.literal("--dns " + server, server));
        if (network instanceof NetworkMode.Container && (hostname != null || !dns.isEmpty() || !extraHosts.isEmpty())) {
            throw new IllegalArgumentException("--hostname, --dns and --add-host conflict with --network " + network
                    + ": the container takes the other's name and /etc files (as in docker)");
        }
        if (oomScoreAdj != null && (oomScoreAdj < -1000 || oomScoreAdj > 1000)) {
            throw new IllegalArgumentException("--oom-score-adj must be between -1000 and 1000, not " + oomScoreAdj);
        }
        if (cgroupParent.isEmpty() || cgroupParent.startsWith("/") || cgroupParent.contains("..")) {
            throw new IllegalArgumentException("--cgroup-parent must be a relative path without '..': " + cgroupParent);
        }
        if (keep && name == null && !detached) {
            throw new IllegalArgumentException("--keep needs --name: a kept container must be found again");
        }
        if (workdir != null && !workdir.startsWith("/")) {
            throw new IllegalArgumentException("working directory must be absolute: " + workdir);
        }
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("environment entry must be KEY=VALUE: " + e);
            }
        }
    }

    public static Builder builder(Image image) {
        return new Builder(image);
    }

    public Image image() {
        return image;
    }

    /** The name given, or null for a generated one. */
    public ContainerName name() {
        return name;
    }

    public boolean keep() {
        return keep;
    }

    /**
     * Whether the container outlives its runtime ({@code jrun run -d}): its output goes to a log file,
     * and whoever reaps its process records the exit ({@link BundleContainers#recordExit}).
     */
    public boolean detached() {
        return detached;
    }

    /** The hostname given, or null for the short container id. */
    public String hostname() {
        return hostname;
    }

    /** The entrypoint override, or null for the image's. */
    public List<String> entrypoint() {
        return entrypoint;
    }

    /** Arguments replacing the image's Cmd; empty for the image's. */
    public List<String> command() {
        return command;
    }

    /** {@code KEY=VALUE} entries added to (or replacing) the image's Env. */
    public List<String> env() {
        return env;
    }

    /** The working directory override, or null for the image's. */
    public String workdir() {
        return workdir;
    }

    public Stdio stdio() {
        return stdio;
    }

    public ProcMount procMount() {
        return procMount;
    }

    public RootfsMode rootfsMode() {
        return rootfsMode;
    }

    public CgroupLimits limits() {
        return limits;
    }

    /** When the job's time is up and how it is stopped then; {@link Deadline#NONE} for no limit. */
    public Deadline deadline() {
        return deadline;
    }

    /** Resource limits the first process gets before it execs. */
    public List<Ulimit> ulimits() {
        return ulimits;
    }

    /** The OOM killer's bias for the container's processes (-1000 to 1000), or null to inherit jrun's. */
    public Integer oomScoreAdj() {
        return oomScoreAdj;
    }

    /** Whether the container sees its own cgroup as / (--cgroupns private, the default) or the host's paths. */
    public boolean cgroupNamespace() {
        return cgroupNamespace;
    }

    /** The first process's capabilities and no_new_privs (docker's 14 and on, unless changed). */
    public ProcessPrivileges privileges() {
        return privileges;
    }

    /** {@code --user}: UID, NAME, with :GID or :GROUP; null for the image's User (root if it has none). */
    public String user() {
        return user;
    }

    /** {@code --group-add}: more supplementary groups, names (in the image's /etc/group) or ids. */
    public List<String> groupAdd() {
        return groupAdd;
    }

    /** {@code --read-only}: the image's files cannot be changed (/dev and --tmpfs mounts stay writable). */
    public boolean readOnly() {
        return readOnly;
    }

    /** {@code --tmpfs PATH[:OPTIONS]} mounts, as given. */
    public List<String> tmpfs() {
        return tmpfs;
    }

    /** {@code -v/--volume SOURCE:TARGET[:OPTIONS]} binds and named volumes, as given. */
    public List<String> volumes() {
        return volumes;
    }

    /** {@code --mount type=…,source=…,target=…} mounts, as given. */
    public List<String> mounts() {
        return mounts;
    }

    /** {@code --device HOST[:CONTAINER][:PERMISSIONS]} nodes, as given. */
    public List<String> devices() {
        return devices;
    }

    /** {@code --network}: the container's network namespace; {@link NetworkMode#NONE} by default. */
    public NetworkMode network() {
        return network;
    }

    /** {@code --dns}: the nameservers of its /etc/resolv.conf; empty for the host's. */
    public List<String> dns() {
        return dns;
    }

    /** {@code --add-host}: more lines of its /etc/hosts. */
    public List<HostEntry> extraHosts() {
        return extraHosts;
    }

    /** {@code -p}: host ports forwarded to the container's (through its CNI network's portmap plug-in). */
    public List<PortMapping> ports() {
        return ports;
    }

    /** The cgroup under which the container's own is made (relative to each hierarchy's root). */
    public String cgroupParent() {
        return cgroupParent;
    }

    public static final class Builder {
        private final Image image;
        private String name;
        private boolean keep;
        private boolean detached;
        private String hostname;
        private List<String> entrypoint;
        private List<String> command = List.of();
        private final List<String> env = new ArrayList<>();
        private String workdir;
        private Stdio stdio = Stdio.INHERIT;
        private ProcMount procMount = ProcMount.AUTO;
        private RootfsMode rootfsMode = RootfsMode.AUTO;
        private CgroupLimits limits = CgroupLimits.NONE;
        private String cgroupParent = "jrun";
        private Deadline deadline = Deadline.NONE;
        private final List<Ulimit> ulimits = new ArrayList<>();
        private Integer oomScoreAdj;
        private boolean cgroupNamespace = true;
        private ProcessPrivileges privileges = ProcessPrivileges.DEFAULT;
        private String user;
        private final List<String> groupAdd = new ArrayList<>();
        private boolean readOnly;
        private final List<String> tmpfs = new ArrayList<>();
        private final List<String> volumes = new ArrayList<>();
        private final List<String> mounts = new ArrayList<>();
        private final List<String> devices = new ArrayList<>();
        private NetworkMode network = NetworkMode.NONE;
        private final List<String> dns = new ArrayList<>();
        private final List<HostEntry> extraHosts = new ArrayList<>();
        private final List<PortMapping> ports = new ArrayList<>();

        private Builder(Image image) {
            this.image = image;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder detached(boolean value) {
            this.detached = value;
            return this;
        }

        public Builder keep(boolean value) {
            this.keep = value;
            return this;
        }

        public Builder hostname(String value) {
            this.hostname = value;
            return this;
        }

        /** Replaces the image's Entrypoint; as in docker, this also drops the image's Cmd. */
        public Builder entrypoint(List<String> value) {
            this.entrypoint = value;
            return this;
        }

        public Builder command(List<String> value) {
            this.command = value;
            return this;
        }

        public Builder env(String keyValue) {
            this.env.add(keyValue);
            return this;
        }

        public Builder workdir(String value) {
            this.workdir = value;
            return this;
        }

        public Builder stdio(Stdio value) {
            this.stdio = value;
            return this;
        }

        public Builder procMount(ProcMount value) {
            this.procMount = value;
            return this;
        }

        public Builder rootfsMode(RootfsMode value) {
            this.rootfsMode = value;
            return this;
        }

        public Builder limits(CgroupLimits value) {
            this.limits = value;
            return this;
        }

        public Builder cgroupParent(String value) {
            this.cgroupParent = value;
            return this;
        }

        public Builder deadline(Deadline value) {
            this.deadline = value;
            return this;
        }

        public Builder ulimit(Ulimit value) {
            this.ulimits.add(value);
            return this;
        }

        public Builder oomScoreAdj(Integer value) {
            this.oomScoreAdj = value;
            return this;
        }

        public Builder cgroupNamespace(boolean value) {
            this.cgroupNamespace = value;
            return this;
        }

        public Builder privileges(ProcessPrivileges value) {
            this.privileges = Objects.requireNonNull(value, "privileges");
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder groupAdd(String group) {
            this.groupAdd.add(group);
            return this;
        }

        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        public Builder tmpfs(String pathAndOptions) {
            this.tmpfs.add(pathAndOptions);
            return this;
        }

        /**
         * Binds a host file or directory, or a named volume, into the container:
         * {@code SOURCE:TARGET[:OPTIONS]}, as docker's {@code -v} ({@link VolumeMounts}).
         */
        public Builder volume(String sourceTargetAndOptions) {
            this.volumes.add(sourceTargetAndOptions);
            return this;
        }

        /** A bind, named volume or tmpfs as docker's {@code --mount type=…,source=…,target=…} ({@link VolumeMounts}). */
        public Builder mount(String fields) {
            this.mounts.add(fields);
            return this;
        }

        /** Gives the container a host device: {@code HOST[:CONTAINER][:PERMISSIONS]} (permissions rwm by default). */
        public Builder device(String hostContainerAndPermissions) {
            this.devices.add(hostContainerAndPermissions);
            return this;
        }

        public Builder network(NetworkMode value) {
            this.network = Objects.requireNonNull(value, "network");
            return this;
        }

        /** A nameserver (an IP address) for its /etc/resolv.conf, instead of the host's. */
        public Builder dns(String server) {
            this.dns.add(server);
            return this;
        }

        public Builder addHost(HostEntry entry) {
            this.extraHosts.add(entry);
            return this;
        }

        public Builder publish(PortMapping port) {
            this.ports.add(port);
            return this;
        }

        public ContainerSpec build() {
            return new ContainerSpec(this);
        }
    }
}
