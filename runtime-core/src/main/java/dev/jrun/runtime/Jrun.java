package dev.jrun.runtime;

import dev.jrun.container.ContainerDirs;
import dev.jrun.container.ContainerName;
import dev.jrun.container.ContainerState;
import dev.jrun.container.ContainerStore;
import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.cgroup.Cgroup;
import dev.jrun.cgroup.Cgroups;
import dev.jrun.cgroup.DeviceRule;
import dev.jrun.cgroup.NoCgroup;
import dev.jrun.image.ArchiveReference;
import dev.jrun.image.Digest;
import dev.jrun.image.Platform;
import dev.jrun.image.ImageSelection;
import dev.jrun.image.Images;
import dev.jrun.layer.LayerStore;
import dev.jrun.layer.UnpackListener;
import dev.jrun.linux.SyscallException;
import dev.jrun.rootfs.FileErrors;
import dev.jrun.rootfs.ImageUsers;
import dev.jrun.rootfs.OverlayRootfs;
import dev.jrun.store.ImageRecord;
import dev.jrun.store.ImageStore;
import dev.jrun.store.VolumeStore;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import dev.jrun.launch.LaunchEvent;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.oci.OciSpec;
import dev.jrun.launch.ProcMount;
import dev.jrun.launch.Stdio;
import java.util.Map;
import dev.jrun.oci.OciSpecException;
import dev.jrun.oci.OciSpecReader;
import dev.jrun.launch.LaunchSpec;
import dev.jrun.launch.Launcher;
import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.linux.SyscallTable;
import dev.jrun.seccomp.SeccompCompiler;
import dev.jrun.linux.Arch;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.UserNamespace;
import dev.jrun.linux.WaitStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.launch.BarrierHook;
import dev.jrun.network.EtcFiles;
import dev.jrun.network.NetworkAttachment;
import dev.jrun.network.NetworkAttachments;
import dev.jrun.network.NetworkConfig;
import dev.jrun.network.NetworkConfigs;
import dev.jrun.network.NetworkMode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The engine, and the entry point of the library: image, then container, then run.
 *
 * <pre>{@code
 * Jrun jrun = new Jrun(JrunSettings.defaults());
 * Image image = jrun.loadImage(Path.of("busybox.tar"));
 * try (Container c = jrun.create(ContainerSpec.builder(image).command(List.of("echo", "hi")).build(),
 *                                LaunchObserver.NONE)) {
 *     c.start();
 *     int code = c.waitFor().shellCode();
 * }
 * }</pre>
 *
 * One engine serves many containers, from many threads, without a JVM start per container.
 */
public final class Jrun {
    private static final System.Logger LOG = System.getLogger(Jrun.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Syscalls sys;
    private final Launcher launcher;
    private final ContainerStore store;
    private final ImageStore images;
    private final VolumeStore volumes;
    private final NetworkConfigs networks;
    /** The initial namespace as root; the launcher's when rootless. */
    private final UserNamespace userns;
    /** The host's cgroup hierarchies, read from mountinfo once, at the first container. */
    private volatile Cgroups cgroups;

    /**
     * @throws UnsupportedOperationException on an architecture other than x86_64 and aarch64
     */
    public Jrun(JrunSettings settings) {
        Arch.current(); // first, so an unsupported machine is named before any binding loads
        this.sys = new LinuxSyscalls();
        this.userns = UserNamespace.current();
        this.launcher = new Launcher();
        this.store = new ContainerStore(settings.stateRoot(), settings.dataRoot(), sys);
        this.images = new ImageStore(settings.dataRoot(), new LayerStore(settings.dataRoot(), sys));
        this.volumes = new VolumeStore(settings.dataRoot());
        this.networks = new NetworkConfigs(settings.dataRoot().resolve("net.d"), NetworkConfigs.CNI_CONF_DIR);
    }

    /** Reads an image archive (any supported format, told by its content), without unpacking it. */
    public Image loadImage(Path archive) throws JrunException {
        return openImage(archive, ImageSelection.host());
    }

    /**
     * The image {@code reference} names: an archive or OCI layout path, {@code PATH:TAG}, or the
     * name or id of a loaded image. {@code tag} (may be null) picks one image of an archive that
     * holds several, as {@code :TAG} does; {@code platform} picks from a multi-platform index.
     */
    public Image findImage(String reference, String tag, Platform platform) throws JrunException {
        ArchiveReference archive = Images.splitReference(reference);
        if (Files.exists(archive.archive())) {
            if (tag != null && archive.tag() != null && !tag.equals(archive.tag())) {
                throw new JrunException("image " + reference + ": names tag " + archive.tag() + " but --tag says " + tag);
            }
            return openImage(archive.archive(), new ImageSelection(tag != null ? tag : archive.tag(), platform));
        }
        try {
            Image stored = images.find(reference);
            if (stored == null) {
                throw new JrunException("image " + reference + ": no such file, and no loaded image of that name or"
                        + " id (see jrun images)");
            }
            return stored;
        } catch (ImageException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    private Image openImage(Path archive, ImageSelection selection) throws JrunException {
        try {
            return Images.open(archive, selection);
        } catch (ImageException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /** Unpacks the layers of {@code image} into the layer store (those not there yet) and records it by name. */
    public ImageRecord load(Image image, UnpackListener listener) throws JrunException {
        requireRoot();
        try {
            return images.save(image, images.layers().ensure(image, listener));
        } catch (ImageException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /** The loaded images, oldest first. */
    public List<ImageRecord> images() throws JrunException {
        try {
            return images.list();
        } catch (IOException e) {
            throw new JrunException("image store: " + e.getMessage(), e);
        }
    }

    /** Forgets a loaded image; its layers go at the next {@link #prune}. */
    public ImageRecord removeImage(String reference) throws JrunException {
        try {
            return images.remove(reference);
        } catch (ImageException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /**
     * Removes what runtimes that died left (their containers' processes, cgroups and directories;
     * not containers kept with --keep), then the stored layers that no loaded image and no container
     * uses.
     */
    public Pruned prune() throws JrunException {
        requireRoot();
        try {
            List<String> containers = store.reapAllStale();
            return new Pruned(containers, images.prune(store.layersInUse()));
        } catch (ImageException e) {
            throw new JrunException(e.getMessage(), e);
        } catch (IOException e) {
            throw new JrunException("prune: " + e.getMessage(), e);
        }
    }

    /**
     * Makes a container ready to start: its directories, a fresh rootfs unpacked from the image,
     * mount points and working directory, its command found in its own PATH, and its first process,
     * waiting at the exec barrier in its namespaces and cgroup.
     */
    public Container create(ContainerSpec spec, LaunchObserver observer) throws JrunException {
        requireRoot();
        String id;
        try {
            id = ContainerStore.newId();
        } catch (IOException e) {
            throw new JrunException("container id: cannot read /dev/urandom: " + e.getMessage(), e);
        }
        ContainerName name = spec.name() != null ? spec.name() : new ContainerName(id.substring(0, 12));
        RunNetwork network;
        try {
            network = RunNetwork.resolve(spec, id.substring(0, 12), containers(), networks);
        } catch (IOException e) {
            throw new JrunException("--network " + spec.network() + ": " + FileErrors.describe(e), e);
        }
        ProcessPlan plan = ProcessPlan.of(spec, network.hostname());
        ContainerDirs dirs;
        try {
            dirs = store.create(name);
        } catch (IOException e) {
            throw new JrunException("container " + name + ": " + FileErrors.describe(e), e);
        }
        try {
            // a detached container is its own bundle's: it lives on after this runtime, until removed
            ContainerState state = new ContainerState(id, name.value(), "creating", 0, 0, spec.keep(), -1,
                    spec.detached() ? dirs.containerDir().toString() : null, Map.of(ImageBundle.IMAGE, spec.image().name()),
                    java.time.Instant.now().toString());
            dirs.writeState(state);
            if (!userns.initial()) {
                observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "user-namespace", "rootless: jrun runs as"
                        + " root of a user namespace its launcher made; uid 0 here is host uid " + userns.hostUid(0)
                        + ", " + userns.mappedUids() + " uids mapped"));
            }
            if (spec.network() instanceof NetworkMode.Host) {
                observer.onEvent(new LaunchEvent(LaunchEvent.Kind.WARNING, "network", "--network host: the container"
                        + " shares the host's network namespace: it sees every interface, can bind any port and reach"
                        + " services that listen on the host's 127.0.0.1"));
            }
            Path rootfs = mountRootfs(spec, dirs, observer);
            ImageUsers.User user = user(spec, rootfs);
            OciSpec config = ImageBundle.of(spec, plan.withHome(user.home()), user, rootfs, id, network,
                    network.etcMounts(spec, dirs.containerDir()), new VolumeMounts(volumes, sys));
            observer.onEvent(new LaunchEvent(LaunchEvent.Kind.STEP, "write-bundle", "the image's config and the"
                    + " flags as an OCI bundle (" + dirs.containerDir().resolve("config.json") + "): from here on, jrun run"
                    + " and an OCI runtime's create take the same path"));
            BundleWrite written = BundleWrite.start(config, dirs.containerDir());
            Container container;
            OciSpecException unwritten;
            try {
                Stdio stdio = spec.detached() ? new Stdio(Path.of("/dev/null"), dirs.log(), dirs.log()) : spec.stdio();
                BundlePlan bundle = BundlePlan.of(id, config, dirs.containerDir(), dirs.stateDir(), stdio, null, null,
                        false, userns, spec.procMount());
                observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "write-bundle", plan.argv().get(0)
                        + " resolves to " + bundle.launch().process().executable() + " in the container's PATH"));
                container = create(bundle, bundle.settings().withDeadline(spec.deadline()), state, dirs, observer);
            } finally {
                unwritten = written.join(); // also on failure: nothing is removed under the writer
            }
            if (unwritten != null) {
                container.close();
                throw unwritten;
            }
            return container;
        } catch (JrunException | IOException | OciSpecException | RuntimeException e) {
            removeQuietly(dirs);
            throw e instanceof JrunException j ? j : new JrunException("container " + name + ": " + FileErrors.describe(e), e);
        }
    }

    /** The container's cgroup and its first process, waiting at the exec barrier: the path both creates share. */
    private Container create(BundlePlan plan, ContainerSettings settings, ContainerState state, ContainerDirs dirs,
                             LaunchObserver observer) throws JrunException, IOException {
        if (plan.network() != null) {
            settings = settings.withNetwork(networkHook(plan.network(), state.id(), dirs.stateDir(), observer));
        }
        Cgroup cgroup = cgroup(plan.cgroupParent(), plan.cgroupName(), plan.limits(), dirs, observer);
        if (plan.devices() != null) {
            cgroup.restrictDevices(plan.devices());
        }
        LaunchSpec launch = plan.launch();
        if (plan.cgroupMount() != null) {
            launch = launch.withRootfsOptions(launch.rootfsOptions().withCgroupMount(plan.cgroupMount().resolve(
                    hierarchies().mounted(), cgroup.directories(), Cgroups.ownCgroups(), settings.cgroupNamespace())));
        }
        Container container = new Container(launcher, store, dirs, state, launch, observer, cgroup, settings, sys);
        container.create();
        return container;
    }

    /**
     * Connects the container to its CNI network at the exec barrier, and adds its address to its
     * /etc/hosts. The network and its plug-ins are checked now, before the container is made.
     */
    private BarrierHook networkHook(NetworkRequest request, String id, Path stateDir, LaunchObserver observer)
            throws JrunException {
        String network = request.network();
        if (!userns.initial()) {
            throw new JrunException("--network " + network + ": the CNI plug-ins make interfaces and firewall rules in"
                    + " the host's network namespace, which needs root (rootless: none, host or container:ID)");
        }
        NetworkConfig config;
        try {
            config = networks.find(network);
            NetworkAttachments.requirePlugins(config);
        } catch (IOException e) {
            throw new JrunException("--network " + network + ": " + FileErrors.describe(e), e);
        }
        ObjectNode capabilityArgs = JSON.createObjectNode();
        if (!request.ports().isEmpty()) {
            capabilityArgs.set("portMappings", JSON.valueToTree(request.ports()));
        }
        return pid -> {
            observer.onEvent(new LaunchEvent(LaunchEvent.Kind.STEP, "network-add", "connect the container to network "
                    + network + ": CNI ADD of " + String.join(", ", config.types()) + " with its network namespace,"
                    + " pinned in " + stateDir + " until DEL has run" + (request.ports().isEmpty() ? ""
                    : "; publish " + request.ports().stream().map(Object::toString).toList())));
            NetworkAttachment attached;
            try {
                attached = NetworkAttachments.attach(sys, config, id, capabilityArgs, pid, stateDir);
            } catch (IOException e) {
                throw new IOException("network " + network + ": " + e.getMessage(), e);
            }
            String address = attached.address();
            observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "network-add", "eth0 has " + address));
            if (request.hostsFile() != null && address != null) {
                EtcFiles.addAddress(request.hostsFile(), address, request.hostname());
            }
        };
    }

    /** Creates, starts and waits for a container, then removes it (unless kept). */
    public WaitStatus run(ContainerSpec spec, LaunchObserver observer) throws JrunException {
        try (Container container = create(spec, observer)) {
            container.start();
            return container.waitFor();
        }
    }

    /**
     * OCI {@code create}: the container {@code id} from {@code bundle}'s config.json, its first process
     * waiting at the exec barrier. The caller either starts it, or hands it over to later commands
     * with {@link Container#leaveWaiting()} ({@link BundleContainers} acts on it from then on).
     *
     * @throws JrunException naming the config.json field, the existing id or the kernel step that failed
     */
    public Container createFromBundle(String id, Path bundle, CreateOptions options, LaunchObserver observer)
            throws JrunException {
        requireRoot();
        ContainerName name = BundleContainers.name(id);
        Path absolute = bundle.toAbsolutePath().normalize();
        OciSpec config;
        try {
            config = OciSpecReader.read(absolute);
        } catch (OciSpecException e) {
            throw new JrunException(e.getMessage(), e);
        }
        ContainerDirs dirs;
        try {
            dirs = store.createForBundle(name);
        } catch (IOException e) {
            throw new JrunException(e.getMessage(), e);
        }
        try {
            ContainerState state = new ContainerState(id, id, "creating", 0, 0, false, -1, absolute.toString(),
                    config.annotations(), java.time.Instant.now().toString());
            dirs.writeState(state);
            Hooks.save(dirs.stateDir(), config.hooks());
            BundlePlan plan = BundlePlan.of(id, config, absolute, dirs.stateDir(),
                    options.stdio(), options.consoleSocket(), options.pidFile(), options.systemdCgroup(),
                    userns, ProcMount.AUTO);
            return create(plan, plan.settings(), state, dirs, observer);
        } catch (JrunException | IOException | RuntimeException e) {
            removeQuietly(dirs);
            throw e instanceof JrunException j ? j : new JrunException("container " + id + ": " + FileErrors.describe(e), e);
        }
    }

    /** The CNI networks of {@code run --network NAME}: list, create, remove. */
    public Networks networks() {
        return new Networks(networks, store, sys);
    }

    /** The OCI verbs on existing containers: start, state, kill, delete, exec, list, ps. */
    public BundleContainers containers() {
        return new BundleContainers(store, launcher, sys, userns);
    }

    /** The named volumes of {@code -v NAME:/path}: list, remove, prune. */
    public Volumes volumes() {
        return new Volumes(volumes, containers());
    }

    /** Removes a stopped container that was kept with --keep. */
    public void remove(String name) throws JrunException {
        try {
            store.remove(new ContainerName(name));
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        } catch (IOException e) {
            throw new JrunException("container " + name + ": " + e.getMessage(), e);
        }
    }

    /** The image's stored layers under the container's own upper directory (or copied, where overlayfs is refused). */
    private Path mountRootfs(ContainerSpec spec, ContainerDirs dirs, LaunchObserver observer)
            throws JrunException, IOException {
        Path rootfs = dirs.rootfs();
        long started = System.nanoTime();
        try {
            List<Digest> layers = images.layers().ensure(spec.image(), UnpackListener.NONE);
            dirs.writeLayers(layers);
            observer.onEvent(new LaunchEvent(LaunchEvent.Kind.STEP, "mount-rootfs",
                    "overlay the image's " + layers.size() + " stored layers with the container's own upper"
                            + " directory at " + rootfs + ", so nothing is copied"));
            if (!OverlayRootfs.mount(sys, layers.stream().map(l -> images.layers().layerDir(l).resolve("diff")).toList(),
                    dirs.upper(), dirs.work(), rootfs, spec.rootfsMode())) {
                observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "mount-rootfs",
                        "overlayfs is not available here: copying the layers into " + rootfs + " instead"));
                images.layers().copyInto(layers, rootfs);
            }
        } catch (ImageException e) {
            throw new JrunException(e.getMessage(), e);
        } catch (SyscallException e) {
            throw new JrunException("container rootfs " + rootfs + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "rootfs of " + spec.image().name() + " ready at " + rootfs + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return rootfs;
    }

    /**
     * docker's default device allow-list: any node may be made (mknod), only these opened: null, zero,
     * full, random, urandom, tty, console, ptmx and the pty slaves.
     */
    static final List<DeviceRule> DEFAULT_DEVICES = Stream.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm",
            "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm")
            .map(DeviceRule::parse).toList();

    /** --user (else the image's User) and --group-add, resolved in the image's own /etc/passwd and /etc/group. */
    private static ImageUsers.User user(ContainerSpec spec, Path rootfs) throws JrunException, IOException {
        String user = spec.user() != null ? spec.user() : spec.image().config().user();
        try {
            return ImageUsers.of(rootfs).resolve(user, spec.groupAdd());
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /** The privileges' seccomp profile compiled for this host and the capabilities kept, or null for none. */
    static long[] seccompFilter(ProcessPrivileges privileges) throws JrunException {
        if (privileges.seccomp() == null) {
            return null;
        }
        try {
            return SeccompCompiler.compile(privileges.seccomp(), SyscallTable.of(Arch.current()),
                    privileges.capabilities().bounding(), System.getProperty("os.version"));
        } catch (IllegalArgumentException e) {
            throw new JrunException("seccomp profile: " + e.getMessage(), e);
        }
    }

    /**
     * The container's cgroup, made and limited now; its first process joins it at the exec barrier,
     * so no instruction of the image runs outside it.
     */
    private Cgroup cgroup(String parent, String name, CgroupLimits limits, ContainerDirs dirs,
                          LaunchObserver observer) throws JrunException, IOException {
        Cgroups hierarchies = hierarchies();
        Cgroup cgroup;
        try {
            cgroup = userns.initial() ? hierarchies.create(parent, name)
                    : hierarchies.createDelegated(parent, name, Cgroups.ownV2Cgroup());
        } catch (IOException e) {
            throw new JrunException("cgroup " + parent + "/" + name + ": " + e.getMessage(), e);
        }
        dirs.writeCgroup(cgroup.directories());
        if (cgroup instanceof NoCgroup none) {
            observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "create-cgroup", "no cgroup of its own: "
                    + none.why() + "; limit flags are refused"));
        } else {
            observer.onEvent(new LaunchEvent(LaunchEvent.Kind.STEP, "create-cgroup", "make cgroup "
                    + parent + "/" + (name.length() > 16 ? name.substring(0, 12) + "..." : name) + " ("
                    + hierarchies.version()
                    + (userns.initial() ? "" : ", in the subtree delegated to this user")
                    + ") and write its limits; the first process joins it before exec"));
        }
        try {
            cgroup.apply(limits);
        } catch (IOException e) {
            throw new JrunException(e.getMessage(), e);
        }
        return cgroup;
    }

    /** The host's cgroup hierarchies, read from mountinfo at the first container. */
    private Cgroups hierarchies() throws IOException {
        Cgroups hierarchies = cgroups;
        if (hierarchies == null) {
            hierarchies = Cgroups.host(sys);
            cgroups = hierarchies; // a race reads the same file twice, and both are right
        }
        return hierarchies;
    }

    /** Root of the initial user namespace, or of the one jrun's launcher makes for an ordinary user. */
    private void requireRoot() throws JrunException {
        if (sys.geteuid() != 0) {
            throw new JrunException("not root: run jrun as root, or as an ordinary user through its launcher"
                    + " (./jrun), which starts it in a user namespace of its own");
        }
    }

    private void removeQuietly(ContainerDirs dirs) {
        try {
            store.remove(dirs);
        } catch (IOException ignored) {
            // the original failure is what the caller needs to see
        }
    }
}
