package dev.jrun.launch;

import dev.jrun.linux.SyscallException;

/**
 * One named kernel step of a launch, with the one-line reason it is there. The same objects run the
 * launch and feed {@code --explain}, so the teaching output cannot drift from the code.
 */
record Step(String name, String why, Action action) {
    @FunctionalInterface
    interface Action {
        void run() throws SyscallException, LaunchException;
    }

    /** Announces the step to the observer, runs it, and names the step in any failure. */
    void run(LaunchObserver observer, StepTracker tracker) throws LaunchException {
        tracker.current = name;
        observer.onEvent(new LaunchEvent(LaunchEvent.Kind.STEP, name, why));
        try {
            action.run();
        } catch (SyscallException | LaunchException e) {
            throw new LaunchException(name + ": " + e.getMessage(), e);
        }
    }

    /** Which step a thread is in, so traced calls can be attributed to it. */
    static final class StepTracker {
        volatile String current = "";
    }
}
