package dev.jrun.launch;

import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_NONBLOCK;
import static dev.jrun.linux.OpenFlags.O_RDONLY;
import static dev.jrun.linux.OpenFlags.O_WRONLY;

import dev.jrun.linux.SpawnRequest.FileAction;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Two FIFOs in the container's state directory hold the child between "created" and "exec", so the
 * runtime can act on a process that exists but runs none of the image's code yet. Opening a FIFO
 * blocks until the other end opens, and posix_spawn's file actions run in the child in order:
 *
 * <pre>
 *   launch thread              child (glibc code only)               barrier thread
 *   posix_spawn ─────────────▶ fchdir(state dir fd)
 *                              open("created.fifo", RDONLY) ◀──────▶ open("created.fifo", WRONLY)
 *                              open("start.fifo", RDONLY) ...waits   find pid, mount /proc, record pid
 *                                                         ◀────────  open("start.fifo", WRONLY)
 *                              fchdir(workdir fd), closefrom(3), execve
 *   posix_spawn returns pid
 * </pre>
 *
 * The FIFOs live on the host, reached by the child through a directory descriptor opened before
 * pivot_root, so nothing of the barrier is ever visible inside the container.
 */
final class ExecBarrier {
    static final String CREATED = "created.fifo";
    static final String START = "start.fifo";
    /** The child opens the FIFOs onto this descriptor; closefrom(3) closes it before execve. */
    private static final int CHILD_FD = 3;

    private final Path stateDir;

    ExecBarrier(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Makes both FIFOs; only root may open them. */
    void create(Syscalls sys) throws SyscallException {
        sys.mkfifo(path(CREATED), 0600);
        sys.mkfifo(path(START), 0600);
    }

    /** The child's side, as file actions; {@code stateDirFd} is an O_PATH descriptor of the state dir. */
    List<FileAction> childActions(int stateDirFd) {
        return List.of(new FileAction.Fchdir(stateDirFd),
                new FileAction.Open(CHILD_FD, CREATED, O_RDONLY, 0),
                new FileAction.Open(CHILD_FD, START, O_RDONLY, 0));
    }

    /** Blocks until the child has opened created.fifo (or the launch gave up and unblocked us). */
    int awaitChild(Syscalls sys) throws SyscallException {
        return sys.open(path(CREATED), O_WRONLY | O_CLOEXEC, 0);
    }

    /** Lets the child go on to execve. */
    int release(Syscalls sys) throws SyscallException {
        return sys.open(path(START), O_WRONLY | O_CLOEXEC, 0);
    }

    /**
     * Opens the read ends without blocking, so a barrier thread waiting in {@link #awaitChild} or
     * {@link #release} returns even when the child never came or died early. Returns the fds.
     */
    int[] unblock(Syscalls sys) throws SyscallException {
        return new int[] {
            sys.open(path(CREATED), O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0),
            sys.open(path(START), O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0)
        };
    }

    /**
     * The child of {@code tid}, or -1 if it has none (the spawn failed before the child existed).
     * Read with a plain stream: /proc files can come back short through NIO (launch.md).
     */
    static int childOf(int tid) throws IOException {
        try (FileInputStream in = new FileInputStream("/proc/self/task/" + tid + "/children")) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? -1 : Integer.parseInt(text.split(" ")[0]);
        } catch (FileNotFoundException threadGone) {
            return -1; // the init thread failed and ended before it spawned anything
        }
    }

    private String path(String name) {
        return stateDir.resolve(name).toString();
    }
}
