package dev.jrun.launch;

import dev.jrun.linux.Syscalls;
import java.util.function.Function;

/**
 * What the two threads of a launch share: a dedicated platform thread (never pooled: it changes
 * namespaces), the spec, the observer, the barrier, and syscalls traced under its current step.
 */
abstract class LaunchThread {
    final Thread thread;
    final Step.StepTracker tracker = new Step.StepTracker();
    final Syscalls sys;
    final LaunchSpec spec;
    final LaunchObserver observer;
    final ExecBarrier barrier;
    /** Why this thread's part of the launch failed, or null. */
    volatile LaunchException failure;

    LaunchThread(String role, LaunchSpec spec, LaunchObserver observer, ExecBarrier barrier,
                 Function<Step.StepTracker, Syscalls> syscalls) {
        this.spec = spec;
        this.observer = observer;
        this.barrier = barrier;
        this.sys = syscalls.apply(tracker);
        this.thread = new Thread(this::run, "jrun-" + role + "-" + spec.hostname());
        // a created container left waiting keeps its init thread blocked in posix_spawn until someone
        // starts it: that must not keep the JVM from exiting
        this.thread.setDaemon(true);
    }

    abstract void run();

    /** Runs one named step on this thread, announcing it to the observer. */
    void step(String name, String why, Step.Action action) throws LaunchException {
        new Step(name, why, action).run(observer, tracker);
    }
}
