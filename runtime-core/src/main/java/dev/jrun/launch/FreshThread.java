package dev.jrun.launch;

import dev.jrun.linux.Clone;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;

/**
 * Runs an action on a new platform thread and waits for it. For work that moves the calling thread
 * into another namespace (setns, unshare): the thread, and its namespaces, end with the action.
 */
public final class FreshThread {
    private FreshThread() {}

    static void run(String name, Step.Action action) throws SyscallException, LaunchException {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (SyscallException | LaunchException | RuntimeException | Error e) {
                failure[0] = e;
            }
        }, name);
        thread.start();
        joinUninterruptibly(thread);
        if (failure[0] instanceof SyscallException e) {
            throw e;
        } else if (failure[0] instanceof LaunchException e) {
            throw e;
        } else if (failure[0] instanceof RuntimeException e) {
            throw e;
        } else if (failure[0] instanceof Error e) {
            throw e;
        }
    }

    /**
     * Runs {@code action} on a fresh thread inside the mount namespace behind {@code mntNs}, whose
     * root and cwd it then has (so container paths resolve as the container sees them).
     */
    static void inMountNamespace(Syscalls sys, String name, int mntNs, Step.Action action)
            throws SyscallException, LaunchException {
        run(name, () -> {
            // setns into a mount namespace needs a thread that does not share its fs_struct
            sys.unshare(Clone.CLONE_FS);
            sys.setns(mntNs, Clone.CLONE_NEWNS);
            action.run();
        });
    }

    /** Joins even if interrupted, then restores the interrupt: the launch must not be abandoned. */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
