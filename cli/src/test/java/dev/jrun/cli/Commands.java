package dev.jrun.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.opentest4j.TestAbortedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the real clients (podman, ctr, ...) as a person at a shell would, for the tests that drive an
 * OCI runtime through them. Every wait is bounded: a hung runtime fails the test, it never hangs the
 * build. Output goes through files, not pipes, so a daemon the command leaves behind (conmon, a
 * containerd shim) cannot hold a pipe open and block the read.
 */
final class Commands {
    private final Path scratch;
    private final Map<String, String> env;

    /** Commands whose output files go in {@code scratch}, with the environment plus {@code env}. */
    Commands(Path scratch, Map<String, String> env) {
        this.scratch = scratch;
        this.env = Map.copyOf(env);
    }

    /**
     * How many times longer than on a real machine each bound on a process is: test-vm/run.sh sets it
     * for its guests, whose emulated CPUs (qemu TCG) start a JVM 10-20 times slower.
     */
    private static final int SLOWDOWN = Integer.getInteger("jrun.test.slowdown", 1);

    /** {@code bound} times {@link #SLOWDOWN}: for every wait of the CLI tests on a process. */
    static Duration scaled(Duration bound) {
        return bound.multipliedBy(SLOWDOWN);
    }

    /**
     * {@code cmd}, stdin from /dev/null, killed with its descendants and failed after {@code timeout}
     * (times {@link #SLOWDOWN}).
     */
    Cli.Result run(Duration bound, List<String> cmd) throws IOException, InterruptedException {
        Duration timeout = scaled(bound);
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p.toHandle());
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", cmd)
                        + "\n--- stdout:\n" + read(out) + "\n--- stderr:\n" + read(err));
            }
            return new Cli.Result(p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    Cli.Result run(Duration timeout, String... cmd) throws IOException, InterruptedException {
        return run(timeout, List.of(cmd));
    }

    /** The same environment, for a process the caller starts and watches itself. */
    ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** {@code word} quoted for sh: {@code script -c} takes one command line. */
    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Set-up that may find the machine unable (an assumption fails). */
    interface SetUp {
        void run() throws Exception;
    }

    /**
     * Runs a test class's one-time set-up; if an assumption fails, returns it (and says so on stderr),
     * so each test reports it as skipped: one failing in @BeforeAll would report no test at all.
     */
    static TestAbortedException setUpOrSkip(String testClass, SetUp setUp) throws Exception {
        try {
            setUp.run();
            return null;
        } catch (TestAbortedException e) {
            System.err.println(testClass + ": every test skipped: " + e.getMessage());
            return e;
        }
    }

    /** Skips the test with the reason the class's set-up found, if it found one. */
    static void skipIf(TestAbortedException unable) {
        if (unable != null) {
            throw unable;
        }
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    /** Skips (never passes) unless every tool is on PATH; {@code packages} names where they come from. */
    static void assumeOnPath(String packages, String... tools) {
        List<String> missing = Stream.of(tools).filter(t -> !onPath(t)).toList();
        assumeTrue(missing.isEmpty(), "needs " + String.join(", ", missing) + " on PATH (Debian: apt-get install "
                + packages + ")");
    }

    /**
     * The OCI runtime the clients are to use: system property {@code jrun.oci.runtime} if set (e.g.
     * /usr/sbin/runc, to prove a test against a known runtime), else this repository's {@code ./jrun}.
     */
    static Path ociRuntime() {
        String given = System.getProperty("jrun.oci.runtime", "").strip();
        Path runtime;
        if (!given.isEmpty()) {
            runtime = Path.of(given);
        } else {
            String repo = System.getProperty("jrun.repo");
            assumeTrue(repo != null, "system property jrun.repo is not set (run through Maven)");
            runtime = Path.of(repo, "jrun");
        }
        assumeTrue(Files.isExecutable(runtime), "OCI runtime " + runtime + " is not an executable file");
        return runtime.toAbsolutePath();
    }

    /** The host's hard limit for a {@code /proc/self/limits} row, e.g. "Max open files"; -1 for unlimited. */
    static long hardLimit(String row) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(row + " ")) {
                String hard = line.substring(row.length()).trim().split("\\s+")[1];
                return hard.equals("unlimited") ? -1 : Long.parseLong(hard);
            }
        }
        throw new IOException("no \"" + row + "\" in /proc/self/limits");
    }

    /** Kills {@code p} and its descendants, the deepest first. */
    static void kill(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(0, p);
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
    }

    /**
     * Ends what a test left running that mentions {@code marker} (its temp dir) in its command line,
     * e.g. conmon or a containerd shim and, under them, the container's processes: each gets {@code
     * grace} to exit by itself (a shim does once its task is deleted), then is killed with its
     * descendants. Returns the command lines it had to kill.
     */
    static List<String> endProcessesMentioning(String marker, Duration grace) throws InterruptedException {
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(h -> h.pid() != self && commandLine(h).contains(marker)).toList();
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> killed = new ArrayList<>();
        for (ProcessHandle h : found) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                killed.add(h.pid() + " " + commandLine(h));
                kill(h);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return killed;
    }

    private static String commandLine(ProcessHandle h) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return ""; // gone, or a kernel thread
        }
    }

    /** Mount points at or below {@code dir}, from /proc/self/mountinfo, the deepest first. */
    static List<Path> mountsUnder(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> Path.of(unescape(line.split(" ")[4])))
                .filter(mp -> mp.startsWith(base))
                .distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .collect(Collectors.toList());
    }

    /** mountinfo writes space, tab, newline and backslash as \ooo. */
    private static String unescape(String field) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                s.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /**
     * Unmounts everything at or below {@code dir} (overlay rootfs, the storage's private bind mount),
     * lazily when busy, so the directory can be deleted without walking into a mount. Fails naming
     * what is still mounted.
     */
    static void unmountAllUnder(Path dir) throws IOException, InterruptedException {
        Commands sh = new Commands(Path.of(System.getProperty("java.io.tmpdir")), new HashMap<>());
        for (int pass = 0; pass < 5; pass++) { // stacked mounts come off one per pass
            List<Path> mounts = mountsUnder(dir);
            if (mounts.isEmpty()) {
                return;
            }
            for (Path mp : mounts) {
                if (sh.run(Duration.ofSeconds(30), "umount", mp.toString()).exitCode() != 0) {
                    sh.run(Duration.ofSeconds(30), "umount", "-l", mp.toString());
                }
            }
        }
        List<Path> left = mountsUnder(dir);
        if (!left.isEmpty()) {
            throw new IOException("still mounted after unmounting: " + left);
        }
    }
}
