package dev.jrun.runtime;

import dev.jrun.cgroup.Cgroup;
import dev.jrun.cgroup.CgroupUsage;
import dev.jrun.container.ContainerDirs;
import dev.jrun.container.ProcessInfo;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.container.ContainerState;
import dev.jrun.container.ContainerStore;
import dev.jrun.launch.LaunchException;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.LaunchSpec;
import dev.jrun.launch.CreatedProcess;
import dev.jrun.launch.LaunchedProcess;
import dev.jrun.launch.Launcher;
import dev.jrun.linux.Signals;
import dev.jrun.linux.WaitStatus;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A created container: its first process exists and waits at the exec barrier (OCI "created").
 * {@link #start()} lets it exec, {@link #waitFor()} reaps it, {@link #close()} kills whatever still
 * runs and removes the container (unless it was kept). {@link #leaveWaiting()} hands a created
 * container over to later commands instead ({@code jrun create}, then {@code jrun start}).
 */
public final class Container implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Container.class.getName());
    private final Launcher launcher;
    private final ContainerStore store;
    private final ContainerDirs dirs;
    private final LaunchSpec launch;
    private final LaunchObserver observer;
    private volatile ContainerState state;
    private volatile CreatedProcess created;
    private volatile LaunchedProcess process;
    private final Cgroup cgroup;
    /** The limits, deadline and ulimits the container was created with. */
    private final ContainerSettings spec;
    private final Syscalls sys;
    private volatile long startedNanos;
    private volatile boolean handedOver;
    private volatile String timedOut;
    private volatile Usage usage;

    Container(Launcher launcher, ContainerStore store, ContainerDirs dirs, ContainerState state, LaunchSpec launch,
              LaunchObserver observer, Cgroup cgroup, ContainerSettings spec, Syscalls sys) {
        this.cgroup = cgroup;
        this.spec = spec;
        this.sys = sys;
        this.launcher = launcher;
        this.store = store;
        this.dirs = dirs;
        this.state = state;
        this.launch = launch;
        this.observer = observer;
    }

    public String id() {
        return state.id();
    }

    public String name() {
        return state.name();
    }

    public String hostname() {
        return launch.hostname();
    }

    /** The host pid of the first process. */
    public int pid() {
        LaunchedProcess p = process;
        return p != null ? p.pid() : created.pid();
    }

    /** The master of the first process's terminal ({@code run -t}), for the caller to relay; -1 if none. */
    public int terminalFd() {
        LaunchedProcess p = process;
        return p == null ? -1 : p.terminalFd();
    }

    /** Makes the first process and leaves it at the exec barrier, inside its cgroup, with its limits. */
    void create() throws JrunException {
        try (LaunchCgroupView view = LaunchCgroupView.open(cgroup, spec.cgroupNamespace(), sys, observer)) {
            created = launcher.create(launch.withCgroupView(view.view()), observer, this::atBarrier);
        } catch (LaunchException e) {
            throw new JrunException(e.getMessage(), e);
        } catch (IOException | SyscallException e) {
            throw new JrunException("container " + name() + ": " + e.getMessage(), e);
        }
    }

    /** Lets the first process exec; returns once it has. */
    public void start() throws JrunException {
        if (process != null) {
            throw new JrunException("container " + name() + " is already started");
        }
        try {
            startedNanos = System.nanoTime();
            process = created.start();
            setState(state.withStatus("running"));
            store.detachRootfs(dirs);
            LOG.log(System.Logger.Level.DEBUG, () -> "container " + name() + " runs as host pid " + pid());
        } catch (LaunchException e) {
            throw new JrunException(e.getMessage(), e);
        } catch (IOException e) {
            throw new JrunException("container " + name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Leaves the first process waiting at the exec barrier and lets go of the container: its state
     * stays for {@code jrun start}, {@code kill}, {@code delete}. Its process outlives this JVM.
     */
    public void leaveWaiting() throws JrunException {
        created.leaveWaiting();
        try {
            dirs.close();
        } catch (IOException e) {
            throw new JrunException("container " + name() + ": unlocking its state: " + e.getMessage(), e);
        }
        handedOver = true;
    }

    /** Between "created" and "exec": the first process joins its cgroup and gets its limits. */
    private void atBarrier(int pid) throws IOException {
        cgroup.add(pid);
        spec.applyTo(pid, sys);
        state = state.withPid(pid, ProcessInfo.startTime(pid));
        dirs.writeState(state);
    }

    /** Waits for the first process to exit (and with it, every process of the container). */
    public WaitStatus waitFor() throws JrunException {
        if (process == null) {
            throw new JrunException("container " + name() + " was never started");
        }
        try {
            if (spec.deadline().timeout() != null && timedOut == null) {
                enforceDeadline();
            }
            WaitStatus status = process.waitFor();
            if (usage == null) {
                usage = account(status);
            }
            setState(state.stopped(status.shellCode()));
            return status;
        } catch (LaunchException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /**
     * Waits until the job's time is up, then stops it: the stop signal, and SIGKILL after the stop
     * timeout. A pid 1 without a handler for the stop signal would ignore it (the kernel protects a
     * namespace's init), so it gets SIGKILL at once instead of a pointless wait.
     */
    private void enforceDeadline() throws LaunchException {
        Deadline deadline = spec.deadline();
        long left = deadline.timeout().toMillis() - (System.nanoTime() - startedNanos) / 1_000_000;
        if (process.awaitExit(Math.max(0, left))) {
            return;
        }
        int stop = deadline.stopSignal();
        if (stop == Signals.SIGKILL) {
            timedOut = "sent SIGKILL";
        } else if (ProcessInfo.catches(process.pid(), stop)) {
            process.signal(stop);
            if (process.awaitExit(deadline.stopTimeout().toMillis())) {
                timedOut = "sent " + Signals.name(stop);
                return;
            }
            timedOut = "sent " + Signals.name(stop) + ", then SIGKILL after " + Deadline.render(deadline.stopTimeout());
        } else {
            timedOut = "sent SIGKILL: its pid 1 has no handler for " + Signals.name(stop);
        }
        process.signal(Signals.SIGKILL);
    }

    /** Reads the cgroup's counters now that every process of the container is gone. */
    private Usage account(WaitStatus status) throws JrunException {
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        try {
            CgroupUsage used = cgroup.usage();
            return new Usage(status.shellCode(), status.signaled() ? Signals.name(status.signal()) : null, wall,
                    seconds(used.userCpuNanos()), seconds(used.systemCpuNanos()), used.peakMemoryBytes(),
                    used.peakPids(), cgroup.oomKilled(), timedOut != null, timedOut, spec.limits(),
                    spec.ulimits().stream().map(Ulimit::toString).toList());
        } catch (IOException e) {
            throw new JrunException("container " + name() + ": reading its cgroup: " + e.getMessage(), e);
        }
    }

    private static double seconds(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e9;
    }

    /** The account of the finished container; null before {@link #waitFor} returned. */
    public Usage usage() {
        return usage;
    }

    /** Null if the job ended within its time, else how it was stopped (e.g. "sent SIGTERM"). */
    public String timedOut() {
        return timedOut;
    }

    /** Sends a signal to the first process (pid 1 inside); a stopped container ignores it. */
    public void signal(int signal) throws JrunException {
        LaunchedProcess p = process;
        if (p != null) {
            try {
                p.signal(signal);
            } catch (LaunchException e) {
                throw new JrunException(e.getMessage(), e);
            }
        }
    }

    /**
     * Lets go of a started container that outlives this runtime ({@code jrun run -d}): it keeps
     * running, and the process that inherits it (jrun's monitor, a subreaper) reaps it and records
     * its exit ({@link BundleContainers#recordExit}).
     */
    public void handOver() throws JrunException {
        try {
            process.close();
            dirs.close();
        } catch (IOException e) {
            throw new JrunException("container " + name() + ": unlocking its state: " + e.getMessage(), e);
        }
        handedOver = true;
    }

    /**
     * Kills a still-running container, then removes it, or just unlocks it if it is kept. A container
     * handed over by {@link #leaveWaiting} is no longer this object's to close.
     */
    @Override
    public void close() throws JrunException {
        if (handedOver) {
            return;
        }
        LaunchedProcess p = process;
        try {
            if (p == null && created != null) {
                created.kill(); // created but never started
            }
            if (p != null) {
                if (p.exitStatus() == null) {
                    p.signal(Signals.SIGKILL);
                    waitFor();
                }
                p.close();
            }
            if (state.keep()) {
                store.leaveNetwork(dirs);
                dirs.close();
            } else {
                store.remove(dirs);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "container " + name() + (state.keep() ? " kept" : " removed"));
        } catch (IOException | LaunchException e) {
            throw new JrunException("removing container " + name() + ": " + e.getMessage(), e);
        }
    }

    private void setState(ContainerState next) {
        state = next;
        try {
            dirs.writeState(next);
        } catch (IOException e) {
            throw new UncheckedIOException("writing state of container " + name(), e);
        }
    }
}
