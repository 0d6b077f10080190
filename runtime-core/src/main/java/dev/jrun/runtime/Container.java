package dev.jrun.runtime;

import dev.jrun.cgroup.Cgroup;
import dev.jrun.container.ContainerDirs;
import dev.jrun.container.ContainerState;
import dev.jrun.container.ContainerStore;
import dev.jrun.launch.LaunchException;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.LaunchSpec;
import dev.jrun.launch.LaunchedProcess;
import dev.jrun.launch.Launcher;
import dev.jrun.linux.Signals;
import dev.jrun.linux.WaitStatus;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A created container: {@link #start()} runs its first process, {@link #waitFor()} reaps it,
 * {@link #close()} kills whatever still runs and removes the container (unless it was kept).
 */
public final class Container implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Container.class.getName());
    private final Launcher launcher;
    private final ContainerStore store;
    private final ContainerDirs dirs;
    private final LaunchSpec launch;
    private final LaunchObserver observer;
    private volatile ContainerState state;
    private volatile LaunchedProcess process;
    private final Cgroup cgroup;

    Container(Launcher launcher, ContainerStore store, ContainerDirs dirs, ContainerState state, LaunchSpec launch,
              LaunchObserver observer, Cgroup cgroup) {
        this.cgroup = cgroup;
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

    /** The host pid of the first process, or -1 before start. */
    public int pid() {
        LaunchedProcess p = process;
        return p == null ? -1 : p.pid();
    }

    /** Starts the first process; returns once it has exec'd. */
    public void start() throws JrunException {
        if (process != null) {
            throw new JrunException("container " + name() + " is already started");
        }
        try {
            process = launcher.launch(launch, observer, pid -> {
                cgroup.add(pid);
                state = state.withPid(pid, dev.jrun.container.ProcessInfo.startTime(pid));
                dirs.writeState(state);
            });
            setState(state.withStatus("running"));
            store.detachRootfs(dirs);
            LOG.log(System.Logger.Level.DEBUG, () -> "container " + name() + " runs as host pid " + pid());
        } catch (LaunchException e) {
            throw new JrunException(e.getMessage(), e);
        } catch (IOException e) {
            throw new JrunException("container " + name() + ": " + e.getMessage(), e);
        }
    }

    /** Waits for the first process to exit (and with it, every process of the container). */
    public WaitStatus waitFor() throws JrunException {
        if (process == null) {
            throw new JrunException("container " + name() + " was never started");
        }
        try {
            WaitStatus status = process.waitFor();
            setState(state.stopped(status.shellCode()));
            return status;
        } catch (LaunchException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /** Whether the kernel's OOM killer killed a process of this container (its memory limit was hit). */
    public boolean oomKilled() throws JrunException {
        try {
            return cgroup.oomKilled();
        } catch (IOException e) {
            throw new JrunException("container " + name() + ": reading its cgroup: " + e.getMessage(), e);
        }
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

    /** Kills a still-running container, then removes it, or just unlocks it if it is kept. */
    @Override
    public void close() throws JrunException {
        LaunchedProcess p = process;
        try {
            if (p != null) {
                if (p.exitStatus() == null) {
                    p.signal(Signals.SIGKILL);
                    waitFor();
                }
                p.close();
            }
            if (state.keep()) {
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
