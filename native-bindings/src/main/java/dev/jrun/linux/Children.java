package dev.jrun.linux;

/** Waiting for a child this process spawned (a hook, a CNI plug-in), with a time limit. */
public final class Children {
    private Children() {}

    /**
     * Reaps child {@code pid}; if it has not exited within {@code timeoutMillis} (negative: no limit),
     * kills it with SIGKILL, reaps it and returns null. A pidfd becomes readable when its process exits.
     */
    public static WaitStatus awaitOrKill(Syscalls sys, int pid, int timeoutMillis) throws SyscallException {
        int pidFd = sys.pidfdOpen(pid);
        try {
            if (sys.pollIn(new int[] {pidFd}, timeoutMillis) < 0) {
                sys.pidfdSendSignal(pidFd, Signals.SIGKILL);
                sys.waitpid(pid, 0);
                return null;
            }
            return sys.waitpid(pid, 0);
        } finally {
            sys.close(pidFd);
        }
    }
}
