package dev.jrun.cli;

import static dev.jrun.linux.OpenFlags.O_CREAT;
import static dev.jrun.linux.OpenFlags.O_RDONLY;
import static dev.jrun.linux.OpenFlags.O_TRUNC;
import static dev.jrun.linux.OpenFlags.O_WRONLY;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrun.linux.Errno;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.Prctl;
import dev.jrun.linux.Signals;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SpawnRequest.FileAction;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.JrunException;
import dev.jrun.runtime.JrunSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor of detached containers ({@code jrun run -d}): one process for all of them, started by
 * the first {@code run -d} and ending with the last container. It is a subreaper, and it starts
 * each {@code run -d} as a child of its own: a jrun that creates and starts the container, then
 * exits. The container, orphaned, is re-parented to the monitor, which reaps it and records its exit
 * code in the container's state. So no JVM per container stays in memory, only this one.
 *
 * <pre>
 *   jrun run -d ──request──▶ monitor ──posix_spawn──▶ jrun run -d (JRUN_HAND_OVER=1)
 *        ◀── exit code ───                                 └─ creates, starts, prints the id, exits
 *                                       monitor ◀── re-parented: container ── reaped, exit recorded
 * </pre>
 */
final class Monitor {
    /** Set in the environment of the jrun the monitor starts: it hands the container over and exits. */
    static final String HAND_OVER = "JRUN_HAND_OVER";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(Monitor.class.getName());

    /** What a client asks: run {@code argv} as it would, from {@code cwd} with {@code env}, output in files. */
    record Request(List<String> argv, String cwd, List<String> env, String out, String err) {}

    private final Syscalls sys = new LinuxSyscalls();
    private final BundleContainers containers;
    private final Object lock = new Object();
    /** Requests whose jrun still runs: its pid, and the client waiting for its exit code. */
    private final Map<Integer, SocketChannel> pending = new HashMap<>();
    private int accepting;
    /** Set when the monitor decides to end: no request is taken after. */
    private boolean closing;
    /** When the last request or container ended: the monitor lingers a little, for the next. */
    private long idleSince = System.nanoTime();
    /** 10 s, or JRUN_MONITOR_LINGER_MS (tests wait for the monitor to end). */
    private static final long LINGER_NANOS = 1_000_000L * Long.parseLong(
            System.getenv().getOrDefault("JRUN_MONITOR_LINGER_MS", "10000"));
    /**
     * Before its first request a new monitor waits longer: the client that started it connects as soon
     * as it is ready, but its JVM may be slow (an emulated CPU); if that client died, this ends it.
     */
    private static final long FIRST_REQUEST_NANOS = Math.max(LINGER_NANOS, 120_000_000_000L);
    /** Whether a request came: until then the monitor waits {@link #FIRST_REQUEST_NANOS}. */
    private boolean served;

    private Monitor(BundleContainers containers) {
        this.containers = containers;
    }

    static Path socket(Path stateRoot) {
        return stateRoot.resolve("monitor.sock");
    }

    /**
     * Serves until no container and no request is left. Tells {@code ready} (a FIFO, may be null)
     * once it listens, or once it knows another monitor already does.
     */
    static void serve(Path stateRoot, BundleContainers containers, Path ready) throws IOException, SyscallException {
        Files.createDirectories(stateRoot);
        try (FileChannel lockFile = FileChannel.open(stateRoot.resolve("monitor.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lockFile.tryLock()) {
            if (held == null) {
                signal(ready); // another monitor serves: the client connects to it
                return;
            }
            new Monitor(containers).run(stateRoot, ready);
        }
    }

    private void run(Path stateRoot, Path ready) throws IOException, SyscallException {
        // orphans of our children's children, the containers, become ours to reap
        sys.prctl(Prctl.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        Path socket = socket(stateRoot);
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> accept(server), "jrun-monitor-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            signal(ready);
            reap(server);
            Files.deleteIfExists(socket); // under the file lock: a client that finds no socket starts a new monitor
        }
    }

    /** Reaps children until none is left and no request is coming in; then stops taking requests. */
    private void reap(ServerSocketChannel server) throws SyscallException, IOException {
        while (true) {
            Syscalls.Reaped reaped;
            try {
                reaped = sys.waitAnyChild();
            } catch (SyscallException e) {
                if (e.errno() != Errno.ECHILD) {
                    throw e;
                }
                synchronized (lock) {
                    long idle = System.nanoTime() - idleSince;
                    long linger = served ? LINGER_NANOS : FIRST_REQUEST_NANOS;
                    if (accepting == 0 && pending.isEmpty() && idle >= linger) {
                        closing = true;
                        server.close(); // a client still in the backlog sees the socket close and starts anew
                        return;
                    }
                    // woken by a request; or, idle, when the linger is over
                    waitQuietly(accepting == 0 && pending.isEmpty() ? Math.max(1, (linger - idle) / 1_000_000) : 0);
                }
                continue;
            }
            SocketChannel client;
            synchronized (lock) {
                client = pending.remove(reaped.pid());
            }
            if (client != null) {
                reply(client, reaped.status().shellCode());
            } else {
                record(reaped);
            }
            synchronized (lock) {
                idleSince = System.nanoTime();
            }
        }
    }

    private void record(Syscalls.Reaped reaped) {
        try {
            String name = containers.recordExit(reaped.pid(), reaped.status());
            LOG.log(System.Logger.Level.DEBUG, () -> "process " + reaped.pid() + " (container " + name + ") exited: "
                    + reaped.status().shellCode());
        } catch (JrunException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    private void accept(ServerSocketChannel server) {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            synchronized (lock) {
                if (closing) {
                    closeQuietly(client);
                    return;
                }
                accepting++;
                served = true;
            }
            try {
                Request request = JSON.readValue(new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                        StandardCharsets.UTF_8)).readLine(), Request.class);
                int pid = spawn(request);
                synchronized (lock) {
                    pending.put(pid, client);
                }
            } catch (IOException | SyscallException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "monitor: a request failed: " + e);
                reply(client, JrunException.RUNTIME_ERROR);
            } finally {
                synchronized (lock) {
                    accepting--;
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Another jrun like this one: this JVM's own executable (/proc/self/exe, the launcher's sealed copy
     * of java where it made one), flags and class path, then {@code args}.
     */
    static List<String> jrun(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("java"));
        argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(args);
        return argv;
    }

    /** This process's environment as posix_spawn takes it: the monitor and the runs it starts get it. */
    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        System.getenv().forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }

    /** The jrun of the request, with the client's argv, cwd and environment. */
    private int spawn(Request request) throws SyscallException {
        List<String> argv = jrun(request.argv());
        List<String> env = new ArrayList<>(request.env());
        env.add(HAND_OVER + "=1");
        SpawnRequest spawn = new SpawnRequest("/proc/self/exe", argv, env, List.of(
                new FileAction.Open(0, "/dev/null", O_RDONLY, 0),
                new FileAction.Open(1, request.out(), O_WRONLY | O_CREAT | O_TRUNC, 0600),
                new FileAction.Open(2, request.err(), O_WRONLY | O_CREAT | O_TRUNC, 0600),
                new FileAction.Chdir(request.cwd()), new FileAction.CloseFrom(3)),
                SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF);
        return sys.spawn(spawn);
    }

    private static void reply(SocketChannel client, int exitCode) {
        try (client; OutputStream out = Channels.newOutputStream(client)) {
            out.write((JSON.writeValueAsString(Map.of("exit", exitCode)) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "monitor: the client left before its answer: " + e);
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // it is gone either way
        }
    }

    private void waitQuietly(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The client: has the monitor (started now if none runs) run {@code argv}, this jrun's own
     * arguments, and returns its exit code, having copied its output to this process's.
     *
     */
    static int submit(JrunSettings settings, List<String> argv) throws JrunException {
        Path stateRoot = settings.stateRoot();
        try {
            if (!Files.isDirectory(stateRoot)) { // the state root is this user's alone (see ContainerStore)
                Files.createDirectories(stateRoot, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            }
            for (int attempt = 0; ; attempt++) {
                SocketChannel channel = connect(stateRoot);
                if (channel == null) {
                    start(settings);
                    channel = connect(stateRoot);
                }
                if (channel == null && attempt == 0) {
                    continue; // the monitor that told us it serves was ending (its lock still held): start one anew
                }
                if (channel == null) {
                    throw new JrunException("jrun monitor: it started but does not listen on " + socket(stateRoot)
                            + " (see " + stateRoot.resolve("monitor.log") + ")");
                }
                Integer code = ask(channel, stateRoot, argv);
                if (code != null || attempt == 1) {
                    if (code == null) {
                        throw new JrunException("jrun monitor: it ended without answering (see "
                                + stateRoot.resolve("monitor.log") + ")");
                    }
                    return code;
                }
            }
        } catch (IOException | SyscallException e) {
            throw new JrunException("jrun monitor: " + e.getMessage(), e);
        }
    }

    private static SocketChannel connect(Path stateRoot) throws IOException {
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket(stateRoot)));
        } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
            return null; // no monitor, or one that is ending
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No such file")) {
                return null;
            }
            throw e;
        }
    }

    /** Sends the request; the exit code, or null if the monitor ended without answering. */
    private static Integer ask(SocketChannel channel, Path stateRoot, List<String> argv) throws IOException {
        Path out = Files.createTempFile(stateRoot, "run-", ".out");
        Path err = Files.createTempFile(stateRoot, "run-", ".err");
        try (channel) {
            Request request = new Request(argv, System.getProperty("user.dir"), environment(), out.toString(),
                    err.toString());
            Channels.newOutputStream(channel).write((JSON.writeValueAsString(request) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                return null;
            }
            System.out.write(Files.readAllBytes(out));
            System.out.flush();
            System.err.write(Files.readAllBytes(err));
            System.err.flush();
            return JSON.readTree(line).get("exit").asInt();
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * How long a new monitor may take to listen: a JVM start, about 0.5 s here, but 10 to 20 times that
     * on an emulated CPU (qemu TCG) or a machine under load.
     */
    private static final int START_MILLIS = 120_000;

    /**
     * Starts a monitor in a session of its own and waits until it listens: it opens a FIFO of ours
     * for writing then. If it dies first, its pidfd tells.
     */
    private static void start(JrunSettings settings) throws IOException, SyscallException, JrunException {
        Path stateRoot = settings.stateRoot();
        Syscalls sys = new LinuxSyscalls();
        Path ready = stateRoot.resolve("monitor.ready." + ProcessHandle.current().pid());
        Files.deleteIfExists(ready);
        sys.mkfifo(ready.toString(), 0600);
        try {
            List<String> argv = jrun(List.of("--root=" + stateRoot, "--data-root=" + settings.dataRoot(), "monitor",
                    "--ready=" + ready));
            SpawnRequest spawn = new SpawnRequest("/proc/self/exe", argv, environment(), List.of(
                    new FileAction.Open(0, "/dev/null", O_RDONLY, 0),
                    new FileAction.Open(1, stateRoot.resolve("monitor.log").toString(),
                            O_WRONLY | O_CREAT | dev.jrun.linux.OpenFlags.O_APPEND, 0600),
                    new FileAction.Dup2(1, 2), new FileAction.Chdir("/"), new FileAction.CloseFrom(3)),
                    SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF
                            | SpawnRequest.POSIX_SPAWN_SETSID);
            int pid = sys.spawn(spawn);
            int fifo = sys.open(ready.toString(), O_RDONLY | dev.jrun.linux.OpenFlags.O_NONBLOCK
                    | dev.jrun.linux.OpenFlags.O_CLOEXEC, 0);
            int pidFd = sys.pidfdOpen(pid);
            try {
                int woke = sys.pollIn(new int[] {fifo, pidFd}, START_MILLIS);
                Path log = stateRoot.resolve("monitor.log");
                if (woke == 1) {
                    throw new JrunException("jrun monitor (pid " + pid + ") exited before it was ready (see " + log + ")");
                }
                if (woke < 0) { // alive but stuck: no monitor is better than one that may wake up later
                    sys.pidfdSendSignal(pidFd, Signals.SIGKILL);
                    throw new JrunException("jrun monitor (pid " + pid + ") was not ready within "
                            + START_MILLIS / 1000 + " s, so it was killed (see " + log + ")");
                }
            } finally {
                sys.close(fifo);
                sys.close(pidFd);
            }
        } finally {
            Files.deleteIfExists(ready);
        }
    }

    /** Opening the client's FIFO for writing wakes it (it waits with the read end). */
    private static void signal(Path ready) throws IOException {
        if (ready != null) {
            Files.writeString(ready, "ready\n");
        }
    }
}
