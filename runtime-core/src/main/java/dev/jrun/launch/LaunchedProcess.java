package dev.jrun.launch;

import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.WaitStatus;

/**
 * The container's first process after execve: its host pid and a pidfd, which names it without
 * the pid-reuse race of kill(2). When it exits, its pid namespace (and every process in it) and its
 * mount namespace (and every mount of the container) go with it.
 */
public final class LaunchedProcess implements AutoCloseable {
    private final Syscalls sys;
    private final int pid;
    private final Object fdLock = new Object();
    private final Object waitLock = new Object();
    private int pidFd;
    private int terminalFd;
    private volatile WaitStatus status;

    LaunchedProcess(Syscalls sys, int pid, int pidFd, int terminalFd) {
        this.sys = sys;
        this.pid = pid;
        this.pidFd = pidFd;
        this.terminalFd = terminalFd;
    }

    /** The master of the process's terminal, kept for the runtime to relay; -1 if it has none. */
    public int terminalFd() {
        return terminalFd;
    }

    /** The host pid (the container sees itself as 1). */
    public int pid() {
        return pid;
    }

    /** Blocks until the process exits and reaps it; later calls return the same status. */
    public WaitStatus waitFor() throws LaunchException {
        synchronized (waitLock) {
            if (status == null) {
                try {
                    status = sys.waitpid(pid, 0);
                } catch (SyscallException e) {
                    throw new LaunchException("waiting for the container's process " + pid + ": " + e.getMessage(), e);
                }
            }
            return status;
        }
    }

    /**
     * Waits up to {@code millis} for the process to exit, without reaping it; true if it has.
     * A pidfd turns readable when its process exits.
     */
    public boolean awaitExit(long millis) throws LaunchException {
        synchronized (fdLock) {
            if (status != null || pidFd < 0) {
                return true;
            }
            try {
                return sys.pollIn(new int[] {pidFd}, (int) Math.min(Integer.MAX_VALUE, millis)) == 0;
            } catch (SyscallException e) {
                throw new LaunchException("waiting for the container's process " + pid + ": " + e.getMessage(), e);
            }
        }
    }

    /** The exit status if the process has been reaped, else null. */
    public WaitStatus exitStatus() {
        return status;
    }

    /** Sends {@code signal}; a process that has already exited is not an error. */
    public void signal(int signal) throws LaunchException {
        synchronized (fdLock) {
            if (pidFd < 0) {
                return;
            }
            try {
                sys.pidfdSendSignal(pidFd, signal);
            } catch (SyscallException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw new LaunchException("signalling the container's process " + pid + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Releases the pidfd; does not stop the process. */
    @Override
    public void close() {
        synchronized (fdLock) {
            for (int fd : new int[] {pidFd, terminalFd}) {
                if (fd >= 0) {
                    try {
                        sys.close(fd);
                    } catch (SyscallException e) {
                        // closing cannot fail in a way the caller could act on
                    }
                }
            }
            pidFd = -1;
            terminalFd = -1;
        }
    }
}
