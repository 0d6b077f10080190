package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * containerd 1.6 and ctr driving the OCI runtime under test, {@link Commands#ociRuntime()}, through
 * containerd-shim-runc-v2 ({@code ctr run --runc-binary}): by default this repository's {@code
 * ./jrun}, or any runtime named by {@code -Djrun.oci.runtime=PATH} (runc proves the harness). The test
 * starts its own containerd with root, state, socket, the runtime's state ({@code --runc-root}) and
 * the stdio FIFOs all under one short temp dir (only the shims' sockets go to /run/containerd/s, a
 * path containerd 1.6 fixes; each shim removes its own). Each test asserts what a user sees.
 *
 * <p>Alone, against runc: {@code mvn -o -B -ntp -pl cli -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dit.test='PodmanIT,ContainerdIT' -Djrun.oci.runtime=/usr/sbin/runc}
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ContainerdIT {
    private static final String NAMESPACE = "jrun-test";
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final Duration QUICK = Duration.ofSeconds(30);

    @TempDir
    static Path tempDir;

    /** tempDir, or a shorter one under /tmp: a unix socket's path has at most 107 bytes. */
    private static Path dir;
    private static Path socket;
    private static Process containerd;
    private static Path runtime;
    private static Commands sh;
    private static String image;

    /** Why this machine cannot run these tests, if it cannot: each test is then reported skipped, with it. */
    private static TestAbortedException unable;

    @BeforeAll
    static void setUp() throws Exception {
        unable = Commands.setUpOrSkip("ContainerdIT", ContainerdIT::startContainerd_andImportTheImage);
    }

    @BeforeEach
    void skipUnlessSetUp() {
        Commands.skipIf(unable);
    }

    private static void startContainerd_andImportTheImage() throws Exception {
        Cli.assumeRoot();
        Commands.assumeOnPath("containerd runc", "containerd", "ctr", "containerd-shim-runc-v2");
        Path busybox = Cli.image("busybox.tar");
        runtime = Commands.ociRuntime();

        dir = tempDir.toAbsolutePath();
        if (dir.toString().length() > 60) {
            dir = Files.createTempDirectory(Path.of("/tmp"), "jrun-ctd");
        }
        socket = dir.resolve("c.sock"); // containerd adds c.sock.ttrpc beside it
        Path config = dir.resolve("config.toml");
        Files.writeString(config, String.join("\n",
                "version = 2",
                "root = \"" + dir.resolve("root") + "\"",
                "state = \"" + dir.resolve("state") + "\"",
                // no CRI (it would look for CNI and a sandbox image), nor snapshotters this host lacks
                "disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.snapshotter.v1.aufs\","
                        + " \"io.containerd.snapshotter.v1.btrfs\", \"io.containerd.snapshotter.v1.zfs\","
                        + " \"io.containerd.snapshotter.v1.devmapper\"]",
                "[grpc]",
                "  address = \"" + socket + "\"",
                "[plugins.\"io.containerd.internal.v1.opt\"]",
                "  path = \"" + dir.resolve("opt") + "\"",
                ""));
        sh = new Commands(dir.resolve("out"), Map.of());

        containerd = sh.builder(List.of("containerd", "--config", config.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(dir.resolve("containerd.out").toFile())
                .start();
        // containerd logs to stderr; it serves its socket before it says it booted
        CompletableFuture<Void> booted = new CompletableFuture<>();
        Path log = dir.resolve("containerd.log");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(containerd.getErrorStream(),
                    StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.contains("containerd successfully booted")) {
                        booted.complete(null);
                    }
                }
            } catch (IOException e) {
                booted.completeExceptionally(e);
            }
            booted.completeExceptionally(new IOException("containerd's stderr closed before it booted"));
        }, "containerd-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            booted.get(BOOT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("containerd did not boot within " + BOOT.toSeconds() + " s (" + e
                    + "); its log:\n" + Files.readString(log), e);
        }

        Cli.Result imported = ctr(RUN, "images", "import", busybox.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        Cli.Result images = ctr(QUICK, "images", "list", "--quiet");
        assertThat(images.out().lines()).as(imported.out()).hasSize(1);
        image = images.out().strip(); // docker.io/jrun-test/busybox:latest
    }

    private static List<String> ctrCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", socket.toString(), "--namespace", NAMESPACE));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Cli.Result ctr(Duration timeout, String... args) throws Exception {
        return sh.run(timeout, ctrCommand(args));
    }

    /** {@code ctr run} with the runtime under test, its state and the FIFOs under the temp dir. */
    private static Cli.Result ctrRun(Duration timeout, String... args) throws Exception {
        List<String> cmd = ctrCommand("run", "--runc-binary", runtime.toString(), "--runc-root",
                dir.resolve("runtime").toString(), "--fifo-dir", dir.resolve("fifo").toString());
        cmd.addAll(List.of(args));
        return sh.run(timeout, cmd);
    }

    /** A test that fails half-way leaves no task or container to the next. */
    @AfterEach
    void deleteTasksAndContainers() throws Exception {
        if (containerd != null && containerd.isAlive()) {
            for (String task : ctr(QUICK, "tasks", "list", "--quiet").out().lines().toList()) {
                ctr(RUN, "tasks", "delete", "--force", task);
            }
            for (String container : ctr(QUICK, "containers", "list", "--quiet").out().lines().toList()) {
                ctr(QUICK, "containers", "delete", container);
            }
        }
    }

    /** containerd stopped, shims and containers ended, mounts gone, the temp dir emptied: even after a failure. */
    @AfterAll
    static void stopContainerd() throws Exception {
        if (dir == null) {
            return;
        }
        List<String> killed = List.of();
        try {
            if (containerd != null) {
                containerd.destroy(); // SIGTERM
                if (!containerd.waitFor(30, TimeUnit.SECONDS)) {
                    Commands.kill(containerd.toHandle());
                    containerd.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            // a shim's command line names the socket; once its task is deleted it exits by itself
            killed = Commands.endProcessesMentioning(dir.toString(), Duration.ofSeconds(10));
            Commands.unmountAllUnder(dir);
            try (var children = Files.list(dir)) {
                for (Path child : children.toList()) {
                    dev.jrun.rootfs.HostTrees.delete(child);
                }
            }
            if (!dir.equals(tempDir.toAbsolutePath())) {
                Files.delete(dir);
            }
        }
        assertThat(killed).as("processes still running after their tasks were deleted").isEmpty();
    }

    private static void assertNothingLeft() throws Exception {
        assertThat(ctr(QUICK, "tasks", "list", "--quiet").out()).as("ctr tasks list").isEmpty();
        assertThat(ctr(QUICK, "containers", "list", "--quiet").out()).as("ctr containers list").isEmpty();
    }

    @Test
    void runRm_printsTheContainersOutput_andLeavesNothing() throws Exception {
        Cli.Result r = ctrRun(RUN, "--rm", image, "jrun-echo", "echo", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        assertNothingLeft();
    }

    @Test
    void runRm_exitsWithTheContainersExitCode() throws Exception {
        Cli.Result r = ctrRun(RUN, "--rm", image, "jrun-exit", "sh", "-c", "exit 3");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertNothingLeft();
    }

    @Test
    void detached_thenExecPsKillDelete_leavesNothing() throws Exception {
        String id = "jrun-detached";
        Cli.Result run = ctrRun(RUN, "-d", image, id, "sleep", "60");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // the runc shim's options (protobuf, base64 in the JSON) name the runtime it runs
        Cli.Result info = ctr(QUICK, "containers", "info", id);
        Matcher options = Pattern.compile("\"type_url\": \"containerd.runc.v1.Options\",\\s*\"value\": \"([^\"]*)\"")
                .matcher(info.out());
        assertThat(options.find()).as(info.out()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(options.group(1)), StandardCharsets.ISO_8859_1))
                .as("the shim's options").contains(runtime.toString());
        Cli.Result tasks = ctr(QUICK, "tasks", "list");
        Matcher task = Pattern.compile("(?m)^" + id + "\\s+(\\d+)\\s+(\\S+)\\s*$").matcher(tasks.out());
        assertThat(task.find()).as(tasks.out()).isTrue();
        assertThat(task.group(2)).isEqualTo("RUNNING");
        String pid = task.group(1);

        Cli.Result exec = ctr(RUN, "tasks", "exec", "--exec-id", "e1", "--fifo-dir", dir.resolve("fifo").toString(),
                id, "echo", "from-exec");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out()).isEqualTo("from-exec\n");

        // the shim asks the runtime: RUNTIME ps --format json ID
        Cli.Result ps = ctr(QUICK, "tasks", "ps", id);
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        assertThat(ps.out().lines().skip(1).map(l -> l.split("\\s+")[0])).as(ps.out()).contains(pid);

        try (Events events = new Events()) {
            // sleep is pid 1, which ignores SIGTERM; SIGKILL ends it, and its exit comes as an event
            Cli.Result kill = ctr(QUICK, "tasks", "kill", "--signal", "SIGKILL", id);
            assertThat(kill.exitCode()).as(kill.err()).isZero();
            String exit = events.await(l -> l.contains("/tasks/exit") && l.contains("\"id\":\"" + id + "\""), RUN);
            assertThat(exit).contains("\"exit_status\":137");
        }
        Cli.Result stopped = ctr(QUICK, "tasks", "list");
        assertThat(stopped.out()).containsPattern("(?m)^" + id + "\\s+" + pid + "\\s+STOPPED\\s*$");

        Cli.Result deleteTask = ctr(RUN, "tasks", "delete", id);
        assertThat(deleteTask.exitCode()).as(deleteTask.err()).isZero();
        Cli.Result deleteContainer = ctr(QUICK, "containers", "delete", id);
        assertThat(deleteContainer.exitCode()).as(deleteContainer.err()).isZero();
        assertNothingLeft();
    }

    /**
     * {@code ctr events}, read line by line. ctr 1.6 has no {@code tasks wait}, and {@code tasks attach}
     * deletes the task it waited for: the exit event is how a script waits for a kill to take. Made
     * only once it is known to be subscribed (a label change it saw), so no event after is missed.
     */
    private static final class Events implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Events() throws Exception {
            process = sh.builder(ctrCommand("events"))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(ctr events: " + e + ")");
                }
            }, "ctr-events");
            reader.setDaemon(true);
            reader.start();
            try {
                for (int probe = 1; ; probe++) {
                    String value = Integer.toString(probe);
                    assertThat(ctr(QUICK, "namespaces", "label", NAMESPACE, "jrun.events-probe=" + value).exitCode())
                            .isZero();
                    if (poll(l -> l.contains("/namespaces/update") && l.contains("\"jrun.events-probe\":\"" + value
                            + "\""), Duration.ofSeconds(2)) != null) {
                        break;
                    }
                    if (probe == 5 || !process.isAlive()) {
                        throw new AssertionError("ctr events showed no namespace update; it printed: " + seen);
                    }
                }
            } catch (Exception | AssertionError e) {
                close();
                throw e;
            }
        }

        /** The first line from now on that matches, or null after {@code timeout}. */
        private String poll(Predicate<String> match, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                String line = lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                seen.add(line);
                if (match.test(line)) {
                    return line;
                }
            }
            return null;
        }

        String await(Predicate<String> match, Duration timeout) throws InterruptedException {
            String line = poll(match, timeout);
            if (line == null) {
                throw new AssertionError("no such event within " + timeout.toSeconds() + " s; ctr events printed: "
                        + seen);
            }
            return line;
        }

        @Override
        public void close() {
            Commands.kill(process.toHandle());
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
