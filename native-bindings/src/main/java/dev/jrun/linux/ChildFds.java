package dev.jrun.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Descriptors a spawned child gets by posix_spawn's dup2 actions (a hook, a CNI plug-in): opened here
 * close-on-exec, in the runtime's mount namespace before any setns, and closed here once the child
 * has its copies. Nothing else reaches the child: the actions end with closefrom past the last one.
 */
public final class ChildFds implements AutoCloseable {
    private final Syscalls sys;
    private final List<Integer> fds = new ArrayList<>();
    private final List<SpawnRequest.FileAction> actions = new ArrayList<>();
    private int next = 3;

    private ChildFds(Syscalls sys) {
        this.sys = sys;
    }

    /**
     * stdin from {@code in}; stdout and stderr to {@code out} and {@code err}, made or truncated (the
     * same path for both: one descriptor, so their writes do not overwrite each other).
     */
    public static ChildFds stdio(Syscalls sys, Path in, Path out, Path err) throws SyscallException {
        ChildFds fds = new ChildFds(sys);
        try {
            int input = fds.own(sys.open(in.toString(), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0));
            int output = fds.own(sys.open(out.toString(), OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC
                    | OpenFlags.O_CLOEXEC, 0600));
            int error = err.equals(out) ? output : fds.own(sys.open(err.toString(), OpenFlags.O_WRONLY
                    | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, 0600));
            fds.actions.addAll(List.of(new SpawnRequest.FileAction.Dup2(input, 0),
                    new SpawnRequest.FileAction.Dup2(output, 1), new SpawnRequest.FileAction.Dup2(error, 2)));
        } catch (SyscallException | RuntimeException e) {
            fds.close();
            throw e;
        }
        return fds;
    }

    /** Also gives the child {@code fd}, opened by the caller and closed here, as its next descriptor (3, 4, ...); that number. */
    public int give(int fd) {
        own(fd);
        actions.add(new SpawnRequest.FileAction.Dup2(fd, next)); // dup2 clears O_CLOEXEC
        return next++;
    }

    /** The spawn's file actions: the dup2s, then closefrom past the last descriptor given. */
    public List<SpawnRequest.FileAction> actions() {
        List<SpawnRequest.FileAction> all = new ArrayList<>(actions);
        all.add(new SpawnRequest.FileAction.CloseFrom(next));
        return all;
    }

    private int own(int fd) {
        fds.add(fd);
        return fd;
    }

    /** Closes this side's descriptors, in the order they were opened. */
    @Override
    public void close() throws SyscallException {
        for (int fd : fds) {
            sys.close(fd);
        }
    }
}
