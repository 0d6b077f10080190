package dev.jrun.launch;

import static dev.jrun.linux.Clone.CLONE_FS;
import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_RDONLY;

import dev.jrun.linux.PreparedSpawn;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a program in the namespaces of a container's process, as the runtime-spec runs the
 * createContainer and startContainer hooks: a fresh platform thread joins them (the mount namespace
 * last) and calls posix_spawn, so only that thread and its child ever leave the runtime's
 * namespaces. Unlike {@code exec}, the program keeps the runtime's credentials and capabilities and
 * gets no seccomp filter, as runc's hooks do (runc runs them from its init before it drops
 * privileges). Once the mount namespace is joined, paths resolve in the container's root: whatever
 * the program needs from the runtime's side (its stdio, an executable found on the host) comes as
 * descriptors the caller opened beforehand and the request's file actions dup2.
 */
public final class ContainerSpawn {
    private ContainerSpawn() {}

    /**
     * posix_spawns {@code request} in every namespace of host process {@code pid}, from the
     * container's {@code /}; returns the child's host pid. The request's path resolves in the
     * container's root.
     */
    public static int spawn(Syscalls sys, int pid, SpawnRequest request) throws SyscallException, LaunchException {
        List<Namespaces.Join> joins = Namespaces.of(pid).joins();
        List<Integer> fds = new ArrayList<>();
        try (PreparedSpawn prepared = sys.prepareSpawn(request)) { // no class or library loading after setns(mnt)
            for (Namespaces.Join join : joins) {
                fds.add(openNamespace(sys, join));
            }
            int[] child = new int[1];
            FreshThread.run("jrun-container-spawn", () -> child[0] = joinAndSpawn(sys, joins, fds, prepared));
            return child[0];
        } finally {
            Launcher.closeAll(sys, fds);
        }
    }

    /** Opened here, in the host's /proc: after setns(mnt), /proc/PID would name a process of the container's. */
    private static int openNamespace(Syscalls sys, Namespaces.Join join) throws SyscallException {
        return sys.open(join.path(), O_RDONLY | O_CLOEXEC, 0);
    }

    /** On the fresh thread: its namespaces end with it, the JVM's other threads never move. */
    private static int joinAndSpawn(Syscalls sys, List<Namespaces.Join> joins, List<Integer> fds,
                                    PreparedSpawn prepared) throws SyscallException {
        // setns into a mount namespace needs a thread that does not share its root and cwd with the JVM's
        sys.unshare(CLONE_FS);
        for (int i = 0; i < joins.size(); i++) {
            sys.setns(fds.get(i), joins.get(i).type()); // in Namespaces.of's order: the mount namespace last
        }
        // the program starts in the container's / whatever this thread's cwd was
        sys.chdir("/");
        return sys.spawn(prepared);
    }
}
