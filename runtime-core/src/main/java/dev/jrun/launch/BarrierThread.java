package dev.jrun.launch;

import dev.jrun.linux.Signals;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The thread that acts while the child waits at the {@link ExecBarrier}: it finds the child, mounts
 * its /proc and runs the barrier hook; then the container is "created", and the thread holds there
 * until told to release the child, leave it waiting (for a {@code start} from another process) or
 * kill it. On any failure it kills the child, so the init thread's posix_spawn returns instead of
 * waiting forever.
 */
final class BarrierThread extends LaunchThread {
    /** What becomes of a created child. */
    enum Decision { RELEASE, LEAVE_WAITING, KILL }

    private final BarrierHook hook;
    private final InitThread init;
    /** Counted down when this thread holds a created child, fails or ends; and when the init thread ends. */
    final CountDownLatch settled;
    private final CompletableFuture<Decision> decision = new CompletableFuture<>();
    /** The created child's host pid, once it holds one. */
    volatile int heldPid = -1;
    /** Whether the child was let go to execve: after that, a spawn error is the exec's own. */
    volatile boolean released;

    BarrierThread(LaunchSpec spec, LaunchObserver observer, ExecBarrier barrier,
                  Function<Step.StepTracker, Syscalls> syscalls, BarrierHook hook, InitThread init,
                  CountDownLatch settled) {
        super("barrier", spec, observer, barrier, syscalls);
        this.hook = hook;
        this.init = init;
        this.settled = settled;
    }

    /** Ends the hold: the child goes on to execve, keeps waiting at the barrier, or dies. */
    void decide(Decision d) {
        decision.complete(d);
    }

    @Override
    void run() {
        List<Integer> fds = new ArrayList<>();
        int child = -1;
        try {
            step("await-child", "our open of created.fifo returns once the child has opened it",
                    () -> fds.add(barrier.awaitChild(sys)));
            child = ExecBarrier.childOf(init.tid);
            if (child < 0) {
                return; // the spawn failed before a child existed; the init thread reports why
            }
            int pid = child;
            observer.onEvent(new LaunchEvent(LaunchEvent.Kind.NOTE, "await-child",
                    "the child exists as host pid " + pid + " and waits on start.fifo"));
            if (!spec.namespaces().entersExisting()) { // exec: the container has its /proc
                step("mount-proc", "a /proc that lists only the container's processes",
                        () -> new ProcMounter(sys, observer).mount(pid, spec.procMount(), spec.stateDir()));
            }
            if (spec.privileges().maskPaths()) {
                step("mask-paths", "hide what /proc and /sys show of the host (keys, kcore, interrupts,"
                        + " firmware) and make its kernel settings read-only, before any container code runs",
                        () -> new PathMasks(sys).apply(pid, spec.privileges().maskedPaths(),
                                spec.privileges().readonlyPaths()));
            }
            if (spec.cgroupView() instanceof CgroupView.Unshare unshare && !unshare.leaveTo().isEmpty()) {
                step("leave-cgroup", "the launch thread joined the container's cgroup only to root the cgroup"
                        + " namespace there: it goes back now, so only the job counts against the limits",
                        () -> ThreadCgroups.move(sys, init.tid, unshare.leaveTo()));
            }
            step("barrier-hook", "record the pid, join the cgroup, set rlimits before any image code runs",
                    () -> runHook(pid));
            heldPid = pid;
            settled.countDown();
            Decision d = decision.join();
            if (d == Decision.RELEASE) {
                step("release-barrier", "opening start.fifo lets the child go on to chdir, closefrom and execve",
                        () -> fds.add(barrier.release(sys)));
                released = true;
            } else if (d == Decision.KILL) {
                kill(pid);
            }
        } catch (LaunchException e) {
            failure = e;
            kill(child);
        } catch (IOException | RuntimeException | Error e) {
            failure = new LaunchException("exec barrier: " + e, e);
            kill(child);
        } finally {
            Launcher.closeAll(sys, fds);
            settled.countDown();
        }
    }

    private void runHook(int pid) throws LaunchException {
        try {
            hook.created(pid);
        } catch (IOException e) {
            throw new LaunchException(e.getMessage(), e);
        }
    }

    /** A child that cannot be prepared must not run: kill it, so posix_spawn returns. */
    private void kill(int child) {
        if (child > 0) {
            try {
                sys.kill(child, Signals.SIGKILL);
            } catch (SyscallException ignored) {
                // it is already gone
            }
        }
    }
}
