package dev.jrun.launch;

import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_CREAT;
import static dev.jrun.linux.OpenFlags.O_DIRECTORY;
import static dev.jrun.linux.OpenFlags.O_PATH;
import static dev.jrun.linux.OpenFlags.O_RDONLY;
import static dev.jrun.linux.OpenFlags.O_TRUNC;
import static dev.jrun.linux.OpenFlags.O_WRONLY;

import dev.jrun.linux.Errno;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SpawnRequest.FileAction;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.SyscallTrace;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Starts a container's first process the way launch.md prescribes: no Java ever runs in a forked
 * child. A dedicated platform thread (the init thread) unshares, mounts and pivots itself, then
 * calls posix_spawn; the child inherits that thread's namespaces and root. A second thread (the
 * barrier thread) does the work between "created" and "exec" through {@link ExecBarrier}.
 */
public final class Launcher {
    private final Function<SyscallTrace, Syscalls> syscalls;

    /** Launches on the real kernel. */
    public Launcher() {
        this(LinuxSyscalls::new);
    }

    /** Launches through the given syscalls (a test may pass a recording fake). */
    public Launcher(Function<SyscallTrace, Syscalls> syscalls) {
        this.syscalls = syscalls;
        LinuxSyscalls.preload();
    }

    /**
     * Launches {@code spec}; returns once the process has exec'd. On failure nothing is left
     * running: the child, if it was created, has been killed and reaped.
     *
     * @throws CommandException if the command does not exist (127) or cannot be executed (126)
     * @throws LaunchException if a kernel step failed; the message names the step and the call
     */
    public LaunchedProcess launch(LaunchSpec spec, LaunchObserver observer, BarrierHook hook)
            throws LaunchException {
        return create(spec, observer, hook).start();
    }

    /**
     * Creates the container's first process and leaves it waiting at the exec barrier, after the
     * barrier's work and {@code hook} are done: the OCI "created" state. On failure nothing is left
     * running.
     *
     * @throws LaunchException if a kernel step failed; the message names the step and the call
     */
    public CreatedProcess create(LaunchSpec spec, LaunchObserver observer, BarrierHook hook)
            throws LaunchException {
        Step.StepTracker tracker = new Step.StepTracker();
        Syscalls host = syscallsFor(observer, tracker);
        ExecBarrier barrier = new ExecBarrier(spec.stateDir());
        new Step("make-barrier", "two FIFOs that hold the child between created and exec",
                () -> barrier.create(host)).run(observer, tracker);
        List<Integer> stdioFds = new ArrayList<>();
        try {
            List<FileAction> stdio = openStdio(host, spec.stdio(), stdioFds);
            CountDownLatch settled = new CountDownLatch(1);
            InitThread init = new InitThread(spec, observer, barrier, t -> syscallsFor(observer, t), stdio, settled);
            BarrierThread helper = new BarrierThread(spec, observer, barrier, t -> syscallsFor(observer, t), hook,
                    init, settled);
            helper.thread.start();
            init.thread.start();
            awaitUninterruptibly(settled);
            CreatedProcess created = new CreatedProcess(this, host, spec, observer, init, helper, barrier);
            if (helper.heldPid < 0) {
                created.start(); // no child waits: this throws why
            }
            return created;
        } finally {
            closeAll(host, stdioFds); // the child holds its copies since its file actions ran
        }
    }

    /**
     * Lets the first process of the container whose state directory is {@code stateDir} exec, when
     * another process created it and left it waiting ({@link CreatedProcess#leaveWaiting}).
     *
     * @return false if no process waits there (it died, or was started already)
     */
    public boolean startWaiting(Path stateDir) throws LaunchException {
        Syscalls host = syscalls.apply(null);
        try {
            return ExecBarrier.releaseWaiting(host, stateDir);
        } catch (SyscallException e) {
            throw new LaunchException("release-barrier: " + e.getMessage(), e);
        }
    }

    /** Ends a launch whose barrier thread let the child go (or never held one): joins both threads. */
    LaunchedProcess finish(Syscalls host, LaunchSpec spec, LaunchObserver observer, InitThread init,
                           BarrierThread helper, ExecBarrier barrier) throws LaunchException {
        FreshThread.joinUninterruptibly(init.thread);
        unblockAndJoin(host, barrier, helper.thread);
        return outcome(host, spec, observer, init, helper);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private LaunchedProcess outcome(Syscalls host, LaunchSpec spec, LaunchObserver observer, InitThread init,
                                    BarrierThread helper) throws LaunchException {
        if (helper.failure != null || init.failure != null || init.spawnError != null) {
            closeAll(host, init.terminalFd >= 0 ? List.of(init.terminalFd) : List.of());
        }
        if (helper.failure != null || init.failure != null) {
            if (init.pid > 0) {
                reap(host, init.pid);
            }
            // a failed setup step is the root cause: the barrier thread then only saw no child
            throw init.failure != null ? init.failure : helper.failure;
        }
        if (init.spawnError != null) {
            throw classify(spec, init.spawnError, helper.released);
        }
        observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "exec",
                "the child passed the barrier and called execve(\"" + spec.process().executable() + "\", "
                        + spec.process().argv() + "): the container runs as host pid " + init.pid));
        try {
            return new LaunchedProcess(host, init.pid, host.pidfdOpen(init.pid), init.terminalFd);
        } catch (SyscallException e) {
            reap(host, init.pid);
            throw new LaunchException("pidfd for the container's process: " + e.getMessage(), e);
        }
    }

    /** posix_spawn reports the errno of what failed in the child: after the barrier, that is execve. */
    private static LaunchException classify(LaunchSpec spec, SyscallException e, boolean released) {
        String exe = spec.process().executable();
        if (!released) {
            return new LaunchException("spawn: " + e.getMessage(), e);
        } else if (e.errno() == Errno.ENOENT) {
            return new CommandException(CommandException.NOT_FOUND,
                    "exec " + exe + ": no such file or directory (or its interpreter is missing)");
        } else {
            return new CommandException(CommandException.CANNOT_EXECUTE,
                    "exec " + exe + ": " + e.getMessage().replaceFirst("^.*failed: ", ""));
        }
    }

    static void reap(Syscalls host, int pid) {
        try {
            host.kill(pid, dev.jrun.linux.Signals.SIGKILL);
        } catch (SyscallException ignored) {
            // already gone
        }
        try {
            host.waitpid(pid, 0);
        } catch (SyscallException ignored) {
            // glibc reaped it when the spawn failed
        }
    }

    /** Opens the read ends so a barrier thread still blocked on a FIFO returns, then waits for it. */
    private static void unblockAndJoin(Syscalls host, ExecBarrier barrier, Thread helper) throws LaunchException {
        int[] fds;
        try {
            fds = barrier.unblock(host);
        } catch (SyscallException e) {
            throw new LaunchException("unblocking the exec barrier: " + e.getMessage(), e);
        }
        FreshThread.joinUninterruptibly(helper);
        closeAll(host, List.of(fds[0], fds[1]));
    }

    /** Opens the stdio files; out and err naming one file share one descriptor, so neither overwrites the other. */
    private static List<FileAction> openStdio(Syscalls host, Stdio stdio, List<Integer> opened)
            throws LaunchException {
        List<FileAction> actions = new ArrayList<>();
        Path[] paths = {stdio.in(), stdio.out(), stdio.err()};
        for (int target = 0; target < 3; target++) {
            if (paths[target] == null) {
                continue;
            }
            if (target == 2 && paths[2].equals(paths[1])) {
                actions.add(new FileAction.Dup2(1, 2)); // runs after stdout's dup2, in order
                continue;
            }
            int flags = target == 0 ? O_RDONLY | O_CLOEXEC : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
            try {
                int fd = host.open(paths[target].toString(), flags, 0644);
                opened.add(fd);
                actions.add(new FileAction.Dup2(fd, target));
            } catch (SyscallException e) {
                throw new LaunchException("stdio: " + e.getMessage(), e);
            }
        }
        return actions;
    }

    static void closeAll(Syscalls host, List<Integer> fds) {
        for (int fd : fds) {
            try {
                host.close(fd);
            } catch (SyscallException ignored) {
                // nothing to recover: the descriptor is gone either way
            }
        }
    }

    private Syscalls syscallsFor(LaunchObserver observer, Step.StepTracker tracker) {
        if (observer == LaunchObserver.NONE) {
            return syscalls.apply(null);
        }
        return syscalls.apply((call, args, result) -> observer.onEvent(
                new LaunchEvent(LaunchEvent.Kind.CALL, tracker.current, call + "(" + args + ") = " + result)));
    }
}
