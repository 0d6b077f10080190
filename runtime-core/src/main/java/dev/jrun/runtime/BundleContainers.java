package dev.jrun.runtime;

import dev.jrun.cgroup.Cgroups;
import dev.jrun.cgroup.Freezer;
import dev.jrun.container.ContainerDirs;
import dev.jrun.container.ContainerName;
import dev.jrun.container.ContainerState;
import dev.jrun.container.ContainerStore;
import dev.jrun.container.Lifecycle;
import dev.jrun.container.ProcessInfo;
import dev.jrun.launch.LaunchException;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.LaunchedProcess;
import dev.jrun.launch.Stdio;
import dev.jrun.linux.UserNamespace;
import dev.jrun.network.NetworkAttachment;
import dev.jrun.oci.OciProcess;
import dev.jrun.oci.OciSpec;
import dev.jrun.oci.OciSpecException;
import dev.jrun.oci.OciSpecReader;
import dev.jrun.rootfs.FileErrors;
import dev.jrun.rootfs.HostTrees;
import dev.jrun.launch.Launcher;
import dev.jrun.linux.Errno;
import dev.jrun.linux.Signals;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.WaitStatus;
import dev.jrun.oci.DefaultSpec;
import dev.jrun.oci.OciState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI verbs on containers that no runtime holds between commands (made by
 * {@link Jrun#createFromBundle}, then handed over): {@code start}, {@code state}, {@code kill},
 * {@code delete}, {@code list}, {@code ps}. Each verb locks the container for as long as it acts, and
 * reads its status from its process: a container whose process has exited is stopped, whatever the
 * last command wrote.
 */
public final class BundleContainers {
    /** How long delete waits for a killed process to exit. */
    private static final int EXIT_TIMEOUT_MILLIS = 10_000;

    private final ContainerStore store;
    private final Launcher launcher;
    private final Syscalls sys;

    private final UserNamespace userns;

    BundleContainers(ContainerStore store, Launcher launcher, Syscalls sys, UserNamespace userns) {
        this.store = store;
        this.launcher = launcher;
        this.sys = sys;
        this.userns = userns;
    }

    /** The container name or id as a directory name: letters, digits, {@code _ . -}; never a path. */
    static ContainerName name(String id) throws JrunException {
        try {
            return new ContainerName(id);
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        }
    }

    /** The OCI state of {@code id}, its status read from its process. */
    public OciState state(String id) throws JrunException {
        return oci(record(id));
    }

    /** Every container under the state root, oldest first. */
    public List<OciState> list() throws JrunException {
        try {
            List<OciState> states = new ArrayList<>();
            for (ContainerState s : store.list()) {
                states.add(oci(s));
            }
            return states;
        } catch (IOException e) {
            throw new JrunException("listing containers: " + e.getMessage(), e);
        }
    }

    /** Every container's record, its status read from its process, oldest first (for {@code jrun ps}). */
    public List<ContainerState> records() throws JrunException {
        try {
            return store.list().stream().map(s -> s.withStatus(status(s)))
                    .sorted(java.util.Comparator.comparing(ContainerState::created)).toList();
        } catch (IOException e) {
            throw new JrunException("listing containers: " + e.getMessage(), e);
        }
    }

    /** The command line of container {@code id}'s first process, from its bundle's config.json. */
    public List<String> command(String id) throws JrunException {
        return process(id).args();
    }

    /** Lets the created container's process exec. */
    public void start(String id) throws JrunException {
        try (ContainerDirs dirs = open(id)) {
            ContainerState state = dirs.readState();
            require(id, state, Lifecycle.Verb.START);
            OciSpec.Hooks hooks = Hooks.load(dirs.stateDir());
            Hooks.run(sys, "startContainer", Hooks.Where.CONTAINER, hooks.startContainer(), oci(state),
                    dirs.stateDir());
            if (!launcher.startWaiting(dirs.stateDir())) {
                throw new JrunException("container " + id + ": its process exited before start");
            }
            ContainerState running = state.withStatus("running");
            dirs.writeState(running);
            // as the process was when it started, even if it has exited since
            Hooks.runWarning(sys, "poststart", hooks.poststart(), oci(running, "running"), dirs.stateDir());
        } catch (LaunchException e) {
            throw new JrunException("container " + id + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /**
     * Sends {@code signal} to the container's first process, or with {@code all} to every process in
     * its cgroup.
     */
    public void kill(String id, int signal, boolean all) throws JrunException {
        try (ContainerDirs dirs = open(id)) {
            ContainerState state = dirs.readState();
            require(id, state, Lifecycle.Verb.KILL);
            signal(state, signal);
            if (all) {
                for (int pid : pids(dirs)) {
                    killQuietly(pid, signal);
                }
            }
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /**
     * Stops container {@code id}: {@code signal} to its first process, then SIGKILL to all of it if it
     * still runs after {@code timeoutMillis} (as docker stop). Returns once its first process has exited.
     */
    public void stop(String id, int signal, int timeoutMillis) throws JrunException {
        try (ContainerDirs dirs = open(id)) {
            ContainerState state = dirs.readState();
            if (status(state).equals("stopped")) {
                return;
            }
            signal(state, signal);
            if (!awaitExit(state, timeoutMillis)) {
                for (int pid : pids(dirs)) {
                    killQuietly(pid, Signals.SIGKILL); // one that exited meanwhile is no error: it stopped
                }
                awaitExit(state);
            }
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /**
     * Records that process {@code pid} exited with {@code status}, if it was a container's first
     * process: the container is stopped with its exit code, or removed if it was not to be kept
     * ({@code run -d --rm}). For whoever reaps detached containers (jrun's monitor).
     *
     * @return the container's name, or null if {@code pid} was none of them
     */
    public String recordExit(int pid, WaitStatus status) throws JrunException {
        try {
            for (ContainerState s : store.list()) {
                if (s.pid() == pid && !s.status().equals("stopped")) {
                    try (ContainerDirs dirs = open(s.name())) {
                        ContainerState stopped = dirs.readState().stopped(status.shellCode());
                        dirs.writeState(stopped);
                        if (stopped.keep()) {
                            store.leaveNetwork(dirs);
                        } else {
                            store.remove(dirs);
                        }
                    }
                    return s.name();
                }
            }
            return null;
        } catch (IOException e) {
            throw new JrunException("recording the exit of process " + pid + ": " + e.getMessage(), e);
        }
    }

    /** The log file of detached container {@code id} ({@code jrun run -d}). */
    public Path log(String id) throws JrunException {
        try (ContainerDirs dirs = open(id)) {
            if (dirs.containerDir() == null || !Files.exists(dirs.log())) {
                throw new JrunException("container " + id + " has no log: only a detached one (run -d) writes one");
            }
            return dirs.log();
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /** The last recorded state of container {@code id} (its exit code among it). */
    public ContainerState record(String id) throws JrunException {
        try {
            ContainerState state = store.read(resolve(id));
            return state.withStatus(status(state));
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /** Freezes every process of the running container {@code id} (its cgroup's freezer). */
    public void pause(String id) throws JrunException {
        setFrozen(id, Lifecycle.Verb.PAUSE, true, "paused");
    }

    /** Thaws the paused container {@code id}. */
    public void resume(String id) throws JrunException {
        setFrozen(id, Lifecycle.Verb.RESUME, false, "running");
    }

    private void setFrozen(String id, Lifecycle.Verb verb, boolean frozen, String status) throws JrunException {
        try (ContainerDirs dirs = open(id)) {
            ContainerState state = dirs.readState();
            require(id, state, verb);
            Freezer.set(dirs.cgroup(), frozen);
            dirs.writeState(state.withStatus(status));
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /**
     * Removes a stopped or created container: its cgroup and state. {@code force} kills a running one
     * first, and makes a missing id no error (as runc).
     */
    public void delete(String id, boolean force) throws JrunException {
        ContainerDirs dirs;
        try {
            dirs = open(id);
        } catch (NoSuchFileException e) {
            if (force) {
                return;
            }
            throw failure(id, e);
        } catch (IOException e) {
            throw failure(id, e);
        }
        try (dirs) {
            ContainerState state = dirs.readState();
            if (!force) {
                require(id, state, Lifecycle.Verb.DELETE);
            }
            if (!status(state).equals("stopped")) {
                for (int pid : pids(dirs)) {
                    killQuietly(pid, Signals.SIGKILL);
                }
                if (status(state).equals("paused")) {
                    Freezer.set(dirs.cgroup(), false); // a frozen process dies of SIGKILL only once thawed
                }
                awaitExit(state);
            }
            OciSpec.Hooks hooks = Hooks.load(dirs.stateDir());
            store.remove(dirs);
            if (!hooks.poststop().isEmpty()) {
                Path scratch = Files.createTempDirectory("jrun-poststop-");
                try {
                    Hooks.runWarning(sys, "poststop", hooks.poststop(), oci(state.stopped(state.exitCode())), scratch);
                } finally {
                    HostTrees.delete(scratch);
                }
            }
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /**
     * Starts {@code process} in the running container {@code id}, in all its namespaces and its
     * cgroup, with the container's seccomp profile; returns once it has exec'd. This JVM is its
     * parent: the caller waits for it, or (OCI {@code exec --detach}) exits and leaves it to its
     * subreaper.
     */
    public LaunchedProcess exec(String id, OciProcess process, Path pidFile, Stdio stdio, Path consoleSocket,
                                LaunchObserver observer) throws JrunException {
        try {
            // no lock: a foreground jrun run holds its container's for as long as it runs
            ContainerName name = resolve(id);
            ContainerState state = store.read(name);
            require(id, state, Lifecycle.Verb.EXEC);
            requireSameUserNamespace(id, state.pid());
            OciSpec config = OciSpecReader.read(store.bundle(state));
            Path execDir = Files.createTempDirectory(store.stateDir(name), "exec-");
            try {
                BundlePlan plan = BundlePlan.forExec(process, config, state.pid(), execDir, stdio, consoleSocket,
                        pidFile, userns);
                List<Path> cgroup = ContainerDirs.cgroup(store.stateDir(name));
                return launcher.launch(plan.launch(), observer, pid -> {
                    Cgroups.join(cgroup, pid);
                    plan.settings().applyTo(pid, sys);
                });
            } finally {
                HostTrees.delete(execDir);
            }
        } catch (OciSpecException e) {
            throw new JrunException("container " + id + ": its bundle's " + e.getMessage(), e);
        } catch (LaunchException e) {
            throw new JrunException(e.getMessage(), e);
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /** The container's own process, from its bundle's config.json: what {@code exec} starts from. */
    public OciProcess process(String id) throws JrunException {
        return config(id).process();
    }

    /** The container's config.json, from its bundle. */
    public OciSpec config(String id) throws JrunException {
        try {
            return config(store.read(resolve(id)));
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /** The config.json of the container {@code state} records (read once by the caller). */
    OciSpec config(ContainerState state) throws JrunException {
        try {
            return OciSpecReader.read(bundle(state));
        } catch (OciSpecException e) {
            throw new JrunException("container " + state.id() + ": its bundle's " + e.getMessage(), e);
        }
    }

    /** The bundle directory of the container {@code state} records: its own directory for one of {@code jrun run}. */
    Path bundle(ContainerState state) {
        return store.bundle(state);
    }

    /** Container {@code id}'s CNI attachment (its network, and what ADD gave it), or null while it has none. */
    public NetworkAttachment network(String id) throws JrunException {
        try {
            return NetworkAttachment.load(store.stateDir(resolve(id)));
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    /** The host pids of the container's processes (its cgroup's), first process first. */
    public List<Integer> pids(String id) throws JrunException {
        try (ContainerDirs dirs = open(id)) {
            ContainerState state = dirs.readState();
            require(id, state, Lifecycle.Verb.PS);
            return pids(dirs);
        } catch (IOException e) {
            throw failure(id, e);
        }
    }

    private ContainerDirs open(String id) throws JrunException, IOException {
        return store.open(resolve(id));
    }

    /** By name (its directory), or by a unique prefix of its id, at least 4 characters, as docker finds them. */
    private ContainerName resolve(String id) throws JrunException, IOException {
        ContainerName name = name(id);
        if (Files.isDirectory(store.stateDir(name)) || id.length() < 4) {
            return name;
        }
        List<ContainerState> matches = store.list().stream().filter(s -> s.id().startsWith(id)).toList();
        if (matches.size() > 1) {
            throw new JrunException("container id " + id + " is ambiguous: "
                    + matches.stream().map(ContainerState::name).toList());
        }
        return matches.isEmpty() ? name : new ContainerName(matches.get(0).name());
    }

    private List<Integer> pids(ContainerDirs dirs) throws IOException {
        ContainerState state = dirs.readState();
        List<Integer> pids = new ArrayList<>();
        if (ProcessInfo.isLive(state.pid(), state.pidStartTime())) {
            pids.add(state.pid());
        }
        List<Path> cgroup = dirs.cgroup();
        if (!cgroup.isEmpty()) {
            for (String line : Files.readAllLines(cgroup.get(0).resolve("cgroup.procs"))) {
                int pid = Integer.parseInt(line.strip());
                if (!pids.contains(pid)) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    /** The first process, by pidfd: a pid reused since would otherwise get the signal. */
    private void signal(ContainerState state, int signal) throws JrunException {
        try {
            int pidFd = sys.pidfdOpen(state.pid());
            try {
                if (!ProcessInfo.isLive(state.pid(), state.pidStartTime())) {
                    throw new JrunException("container " + state.id() + " is stopped: kill needs it created, running"
                            + " or paused");
                }
                sys.pidfdSendSignal(pidFd, signal);
            } finally {
                sys.close(pidFd);
            }
        } catch (SyscallException e) {
            throw new JrunException("container " + state.id() + ": signalling process " + state.pid() + ": "
                    + e.getMessage(), e);
        }
    }

    private void killQuietly(int pid, int signal) {
        try {
            sys.kill(pid, signal);
        } catch (SyscallException e) {
            // it exited meanwhile
        }
    }

    /** Waits, by pidfd, until the first process has exited (its parent reaps it, not us). */
    private void awaitExit(ContainerState state) throws IOException {
        if (!awaitExit(state, EXIT_TIMEOUT_MILLIS)) {
            throw new IOException("process " + state.pid() + " did not exit within "
                    + EXIT_TIMEOUT_MILLIS / 1000 + " s of SIGKILL");
        }
    }

    /** Waits up to {@code millis} for the first process to exit; whether it has. */
    private boolean awaitExit(ContainerState state, int millis) throws IOException {
        int pidFd;
        try {
            pidFd = sys.pidfdOpen(state.pid());
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) {
                return true;
            }
            throw new IOException("waiting for process " + state.pid() + ": " + e.getMessage(), e);
        }
        try {
            return !ProcessInfo.isLive(state.pid(), state.pidStartTime()) || sys.pollIn(new int[] {pidFd}, millis) >= 0;
        } catch (SyscallException e) {
            throw new IOException("waiting for process " + state.pid() + ": " + e.getMessage(), e);
        } finally {
            try {
                sys.close(pidFd);
            } catch (SyscallException ignored) {
                // nothing to recover
            }
        }
    }

    private static void require(String id, ContainerState state, Lifecycle.Verb verb) throws JrunException {
        try {
            Lifecycle.require(id, Lifecycle.Status.of(status(state)), verb);
        } catch (IllegalStateException e) {
            throw new JrunException(e.getMessage());
        }
    }

    /** The recorded status, unless the process has exited since: then stopped. */
    static String status(ContainerState state) {
        boolean hadProcess = state.status().equals("created") || state.status().equals("running")
                || state.status().equals("paused");
        return hadProcess && !ProcessInfo.isLive(state.pid(), state.pidStartTime()) ? "stopped" : state.status();
    }

    private static OciState oci(ContainerState state) {
        return oci(state, status(state));
    }

    /**
     * Joining a container's namespaces takes CAP_SYS_ADMIN in the user namespace that owns them.
     * Rootless, each jrun command runs in a user namespace its launcher makes anew, which has no
     * capability in the one the container was created in: say so rather than fail at setns.
     */
    private void requireSameUserNamespace(String id, int pid) throws JrunException, IOException {
        if (userns.initial()) {
            return;
        }
        boolean same;
        try {
            same = Files.readSymbolicLink(Path.of("/proc/self/ns/user"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user")));
        } catch (java.nio.file.AccessDeniedException e) {
            same = false; // the kernel's ptrace check fails across sibling user namespaces
        }
        if (!same) {
            throw new JrunException("exec " + id + ": the container runs in the user namespace of the rootless jrun"
                    + " command that created it, and each rootless jrun command makes its own (exec works rootless only"
                    + " from that command, e.g. through the Java API; as root it always works)");
        }
    }

    private static OciState oci(ContainerState state, String status) {
        return new OciState(DefaultSpec.OCI_VERSION, state.id(), status, status.equals("stopped") ? 0 : state.pid(),
                state.bundle(), state.annotations());
    }

    private static JrunException failure(String id, IOException e) {
        String message = e instanceof NoSuchFileException n && n.getReason() != null ? n.getReason()
                : "container " + id + ": " + FileErrors.describe(e);
        return new JrunException(message, e);
    }
}
