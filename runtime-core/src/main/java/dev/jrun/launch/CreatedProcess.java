package dev.jrun.launch;

import dev.jrun.linux.Syscalls;

/**
 * A container's first process held at the exec barrier: it exists, sits in its namespaces and
 * cgroup, and has run none of the image's code (the OCI "created" state). Exactly one of
 * {@link #start}, {@link #leaveWaiting} and {@link #kill} ends the hold.
 */
public final class CreatedProcess {
    private final Launcher launcher;
    private final Syscalls host;
    private final LaunchSpec spec;
    private final LaunchObserver observer;
    private final InitThread init;
    private final BarrierThread helper;
    private final ExecBarrier barrier;

    CreatedProcess(Launcher launcher, Syscalls host, LaunchSpec spec, LaunchObserver observer, InitThread init,
                   BarrierThread helper, ExecBarrier barrier) {
        this.launcher = launcher;
        this.host = host;
        this.spec = spec;
        this.observer = observer;
        this.init = init;
        this.helper = helper;
        this.barrier = barrier;
    }

    /** The host pid of the waiting process. */
    public int pid() {
        return helper.heldPid;
    }

    /**
     * Lets the process exec; returns once it has.
     *
     * @throws CommandException if the command does not exist (127) or cannot be executed (126)
     * @throws LaunchException if the launch failed; nothing is left running
     */
    public LaunchedProcess start() throws LaunchException {
        helper.decide(BarrierThread.Decision.RELEASE);
        return launcher.finish(host, spec, observer, init, helper, barrier);
    }

    /**
     * Leaves the process waiting at the barrier for another process to release it by opening
     * {@code start.fifo} (see {@link ExecBarrier#releaseWaiting}), as the OCI {@code create} command
     * does before it exits. This JVM's init thread stays blocked in posix_spawn until then.
     */
    public void leaveWaiting() {
        helper.decide(BarrierThread.Decision.LEAVE_WAITING);
        FreshThread.joinUninterruptibly(helper.thread);
    }

    /** Kills the waiting process and reaps it. */
    public void kill() {
        helper.decide(BarrierThread.Decision.KILL);
        try {
            launcher.finish(host, spec, observer, init, helper, barrier).close(); // reaps it
        } catch (LaunchException expected) {
            // the spawn reports the child's death: that is what was asked for
        }
    }
}
