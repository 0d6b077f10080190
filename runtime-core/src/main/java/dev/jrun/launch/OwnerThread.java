package dev.jrun.launch;

import dev.jrun.linux.Prctl;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Acts on another process as its owner would. prlimit(2) changes a process's limits only for a
 * caller whose uid and gid are the process's, or one with CAP_SYS_RESOURCE, which root lacks in
 * some VMs and containers (this project's machines among them). So for a process of another user a
 * fresh thread takes its ids (setresuid as a raw system call changes one thread only) and keeps
 * the runtime's capabilities, which raising a hard limit still needs.
 */
public final class OwnerThread {
    /** What is done as the owner. */
    public interface Action {
        void run() throws SyscallException;
    }

    private OwnerThread() {}

    /** Runs {@code action} with the real uid and gid of process {@code pid}: here if they are root's. */
    public static void run(Syscalls sys, int pid, Action action) throws SyscallException, IOException {
        int[] ids = ids(pid);
        if (ids[0] == 0 && ids[1] == 0) {
            action.run();
            return;
        }
        long held = ProcessPrivileges.heldCapabilities();
        try {
            FreshThread.run("jrun-as-owner", () -> {
                sys.prctl(Prctl.PR_SET_KEEPCAPS, 1, 0, 0, 0); // the uid change would clear the permitted set
                sys.setresgid(ids[1], ids[1], ids[1]);
                sys.setresuid(ids[0], ids[0], ids[0]);
                sys.prctl(Prctl.PR_SET_DUMPABLE, 1, 0, 0, 0); // a uid change marks the whole JVM undumpable
                sys.capset(held, held, 0); // effective again: the uid change cleared it
                action.run();
            });
        } catch (LaunchException e) {
            throw new IllegalStateException(e); // the action throws no LaunchException
        }
    }

    /** The real uid and gid, from the Uid: and Gid: lines of /proc/PID/status. */
    private static int[] ids(int pid) throws IOException {
        int[] ids = new int[2];
        try (InputStream in = new FileInputStream("/proc/" + pid + "/status")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("Uid:") || line.startsWith("Gid:")) {
                    ids[line.charAt(0) == 'U' ? 0 : 1] = Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        }
        return ids;
    }
}
