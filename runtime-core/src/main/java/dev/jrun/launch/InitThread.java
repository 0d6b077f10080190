package dev.jrun.launch;

import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_DIRECTORY;
import static dev.jrun.linux.OpenFlags.O_PATH;

import dev.jrun.linux.PreparedSpawn;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SpawnRequest.FileAction;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The thread that becomes the container's world ({@link ContainerSetup}) and spawns its first
 * process. Everything it touches after pivot_root is prepared before unshare: its classes are loaded
 * and posix_spawn's arguments are built, since host paths no longer resolve from here.
 */
final class InitThread extends LaunchThread {
    private final List<FileAction> stdio;
    /** This thread's kernel id, for the barrier thread to find the child in /proc. */
    volatile int tid;
    volatile int pid = -1;
    /** The terminal's master kept for the runtime (a terminal without a console socket), or -1. */
    volatile int terminalFd = -1;
    /** posix_spawn's own failure, classified by the launcher (exec failures are 126/127). */
    volatile SyscallException spawnError;

    /** Counted down when this thread ends: the launcher then knows no child waits at the barrier. */
    private final CountDownLatch ended;

    InitThread(LaunchSpec spec, LaunchObserver observer, ExecBarrier barrier,
               Function<Step.StepTracker, Syscalls> syscalls, List<FileAction> stdio, CountDownLatch ended) {
        super("init", spec, observer, barrier, syscalls);
        this.stdio = stdio;
        this.ended = ended;
    }

    @Override
    void run() {
        try {
            setUpAndSpawn();
        } finally {
            ended.countDown();
        }
    }

    private void setUpAndSpawn() {
        try {
            tid = sys.gettid();
            int[] stateDir = new int[1];
            step("open-state-dir", "the child reaches the barrier FIFOs through this fd after pivot_root",
                    () -> stateDir[0] = sys.open(spec.stateDir().toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0));
            int[] workdir = new int[1];
            step("reserve-workdir-fd", "a descriptor number for the working directory, opened inside the new"
                    + " root later (the spawn's file actions are fixed now); /dev/null until then, which no"
                    + " fchdir enters", () -> workdir[0] = sys.open("/dev/null", O_PATH | O_CLOEXEC, 0));
            Stdio.Terminal terminal = spec.stdio().terminal();
            if (terminal != null && terminal.consoleSocket() == null) {
                step("reserve-terminal-fd", "a descriptor number for the terminal's master, which jrun keeps to"
                        + " relay the terminal (made in the container's devpts later)",
                        () -> terminalFd = sys.open("/dev/null", O_PATH | O_CLOEXEC, 0));
            }
            try (PreparedSpawn prepared = sys.prepareSpawn(request(stateDir[0], workdir[0]))) {
                for (Step step : new ContainerSetup(sys, spec, workdir[0], terminalFd).steps()) {
                    step.run(observer, tracker);
                }
                step("spawn", "posix_spawn the first process; glibc runs only its file actions before execve",
                        () -> spawn(prepared));
            } finally {
                sys.close(stateDir[0]);
                sys.close(workdir[0]);
            }
        } catch (LaunchException e) {
            failure = e;
        } catch (SyscallException | RuntimeException | Error e) {
            failure = new LaunchException("launch thread: " + e, e);
        }
    }

    private void spawn(PreparedSpawn prepared) {
        try {
            pid = sys.spawn(prepared);
        } catch (SyscallException e) {
            spawnError = e;
        }
    }

    private SpawnRequest request(int stateDirFd, int workdirFd) {
        ProcessSpec p = spec.process();
        List<FileAction> actions = new ArrayList<>(stdio);
        actions.addAll(ExecBarrier.childActions(stateDirFd, workdirFd, 3 + spec.stdio().preserveFds(),
                spec.stdio().terminal() != null));
        return new SpawnRequest(p.executable(), p.argv(), p.env(), actions,
                SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF
                        | SpawnRequest.POSIX_SPAWN_SETSID);
    }
}
