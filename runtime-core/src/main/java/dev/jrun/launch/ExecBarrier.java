package dev.jrun.launch;

import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_NONBLOCK;
import static dev.jrun.linux.OpenFlags.O_RDONLY;
import static dev.jrun.linux.OpenFlags.O_RDWR;
import static dev.jrun.linux.OpenFlags.O_WRONLY;

import dev.jrun.linux.Errno;
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
 *                              fchdir(workdir fd), closefrom(3), execve   (or `jrun start` opens it)
 *   posix_spawn returns pid
 * </pre>
 *
 * The FIFOs live on the host, reached by the child through a directory descriptor opened before
 * pivot_root, so nothing of the barrier is ever visible inside the container.
 */
final class ExecBarrier {
    static final String CREATED = "created.fifo";
    static final String START = "start.fifo";
    /** A symlink to the terminal's slave ({@code /dev/pts/N}), followed from inside the container's root. */
    static final String TTY = "tty";

    private final Path stateDir;

    ExecBarrier(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Makes both FIFOs; only root may open them. */
    void create(Syscalls sys) throws SyscallException {
        sys.mkfifo(path(CREATED), 0600);
        sys.mkfifo(path(START), 0600);
    }

    /**
     * The child's side, as file actions, after its stdio is in place: it keeps descriptors 0 to
     * {@code firstFree - 1} (stdio and any the caller passes on), moves the state directory and the
     * working directory just above them and closes everything else of the JVM's before it waits, so
     * a child left waiting by {@code create} holds no lock, jar or socket of the runtime; then the
     * FIFOs; then it changes into the working directory and closes what is left of the barrier.
     *
     * @param stateDirFd an O_PATH descriptor of the state directory
     * @param workdirFd the descriptor that holds the working directory by the time of the spawn
     * @param firstFree the lowest descriptor the container does not get (3 + the preserved ones)
     * @param terminal whether stdio is a terminal: after the barrier, the child opens its slave, which
     *                 becomes its controlling terminal (it leads a new session and opens without
     *                 O_NOCTTY), and makes it fds 0, 1 and 2
     */
    static List<FileAction> childActions(int stateDirFd, int workdirFd, int firstFree, boolean terminal) {
        int stateDir = firstFree;
        int workdir = firstFree + 1;
        int fifo = firstFree + 2;
        if (stateDirFd <= workdir || workdirFd <= workdir) {
            // moving one onto the other's number would lose it; a JVM's low descriptors are its own
            throw new IllegalStateException("barrier descriptors " + stateDirFd + ", " + workdirFd
                    + " collide with the container's 0.." + workdir);
        }
        List<FileAction> actions = new java.util.ArrayList<>(List.of(new FileAction.Dup2(stateDirFd, stateDir),
                new FileAction.Dup2(workdirFd, workdir),
                new FileAction.CloseFrom(fifo),
                new FileAction.Fchdir(stateDir),
                new FileAction.Open(fifo, CREATED, O_RDONLY, 0),
                new FileAction.Open(fifo, START, O_RDONLY, 0)));
        if (terminal) {
            actions.addAll(List.of(new FileAction.Open(0, TTY, O_RDWR, 0), new FileAction.Dup2(0, 1),
                    new FileAction.Dup2(0, 2)));
        }
        actions.addAll(List.of(new FileAction.Fchdir(workdir),
                // no runtime descriptor may reach the container (compare CVE-2024-21626)
                new FileAction.CloseFrom(firstFree)));
        return actions;
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
     * Lets a child that another process left waiting (OCI {@code create}, then {@code start}) go on
     * to execve. A non-blocking open of the write end succeeds only while the child waits on the
     * read end, so a child that died is told apart from one released.
     *
     * @return false if no child waits (ENXIO: no reader)
     */
    static boolean releaseWaiting(Syscalls sys, Path stateDir) throws SyscallException {
        int fd;
        try {
            fd = sys.open(stateDir.resolve(START).toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENXIO) {
                return false;
            }
            throw e;
        }
        sys.close(fd);
        return true;
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
