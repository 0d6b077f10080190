package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * podman 4.3 (through conmon) driving the OCI runtime under test, {@link Commands#ociRuntime()}: by
 * default this repository's {@code ./jrun}, or any runtime named by {@code -Djrun.oci.runtime=PATH}
 * (runc proves the harness). Everything podman keeps is under a temp dir: containers.conf and
 * storage.conf come through CONTAINERS_CONF and CONTAINERS_STORAGE_CONF, and nothing touches the
 * host's /var/lib/containers, /run/containers, /run/libpod or /dev/shm (the runtime keeps its state
 * where podman leaves it, e.g. runc's /run/runc). Every run uses {@code --network=none}: podman's
 * default network would add firewall chains to the host. Each test asserts what a user sees.
 *
 * <p>Alone, against runc: {@code mvn -o -B -ntp -pl cli -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dit.test='PodmanIT,ContainerdIT' -Djrun.oci.runtime=/usr/sbin/runc}
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PodmanIT {
    private static final Duration LOAD = Duration.ofMinutes(2);
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final Duration QUICK = Duration.ofSeconds(30);

    /**
     * podman load writes containers/image's blob-info cache to /var/lib/containers/cache whatever
     * storage.conf says (as root, it has no setting): so the load runs in a mount namespace of its own
     * where a tmpfs hides that directory (or /var/lib, where it does not exist yet).
     */
    private static final String HIDE_HOST_CACHE = "if [ -d /var/lib/containers ]; then d=/var/lib/containers;"
            + " else d=/var/lib; fi; mount -t tmpfs jrun-test \"$d\" && exec \"$@\"";

    @TempDir
    static Path tmp;

    private static Path runtime;
    private static Commands sh;
    private static String image;

    /** Why this machine cannot run these tests, if it cannot: each test is then reported skipped, with it. */
    private static TestAbortedException unable;

    @BeforeAll
    static void setUp() throws Exception {
        unable = Commands.setUpOrSkip("PodmanIT", PodmanIT::loadTheImage);
    }

    @BeforeEach
    void skipUnlessSetUp() {
        Commands.skipIf(unable);
    }

    private static void loadTheImage() throws Exception {
        Cli.assumeRoot();
        Commands.assumeOnPath("podman conmon runc", "podman", "conmon");
        Commands.assumeOnPath("util-linux bsdutils", "unshare", "script");
        Path busybox = Cli.image("busybox.tar");
        runtime = Commands.ociRuntime();

        // podman's default limits for root (nofile 1048576, nproc 4194304) are above the hard limits here,
        // and raising a hard limit needs CAP_SYS_RESOURCE, which root may lack (it does in this workplace).
        // podman itself runs with nproc at most 32768 (it lowers its own), and so do conmon and the runtime.
        long nofile = Commands.hardLimit("Max open files");
        long nproc = Commands.hardLimit("Max processes");
        nofile = nofile < 0 ? 1048576 : Math.min(nofile, 1048576);
        nproc = nproc < 0 ? 32768 : Math.min(nproc, 32768);
        Path conf = tmp.resolve("containers.conf");
        Files.writeString(conf, String.join("\n",
                "[containers]",
                "default_ulimits = [\"nofile=" + nofile + ":" + nofile + "\", \"nproc=" + nproc + ":" + nproc + "\"]",
                "[engine]",
                "cgroup_manager = \"cgroupfs\"",
                "events_logger = \"file\"",
                "events_logfile_path = \"" + tmp.resolve("events.log") + "\"",
                // file locks under tmp_dir, not the host-wide /dev/shm/libpod_lock
                "lock_type = \"file\"",
                "tmp_dir = \"" + tmp.resolve("libpod") + "\"",
                "static_dir = \"" + tmp.resolve("storage/libpod") + "\"",
                "volume_path = \"" + tmp.resolve("storage/volumes") + "\"",
                "[network]",
                // netavark (the default) makes /run/containers/networks even for --network=none; CNI does not
                "network_backend = \"cni\"",
                "network_config_dir = \"" + tmp.resolve("networks") + "\"",
                ""));
        Path storage = tmp.resolve("storage.conf");
        Files.writeString(storage, String.join("\n",
                "[storage]",
                "driver = \"overlay\"",
                "graphroot = \"" + tmp.resolve("storage") + "\"",
                "runroot = \"" + tmp.resolve("run") + "\"",
                ""));
        sh = new Commands(tmp.resolve("out"), Map.of("CONTAINERS_CONF", conf.toString(),
                "CONTAINERS_STORAGE_CONF", storage.toString()));

        List<String> load = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", HIDE_HOST_CACHE, "sh"));
        load.addAll(podmanCommand("load", "-i", busybox.toString()));
        Cli.Result loaded = sh.run(LOAD, load);
        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        Matcher name = Pattern.compile("(?m)^Loaded image(?:\\(s\\))?: (\\S+)$").matcher(loaded.out());
        assertThat(name.find()).as("podman load's output: " + loaded.out()).isTrue();
        image = name.group(1); // localhost/jrun-test/busybox:latest
    }

    private static List<String> podmanCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--runtime", runtime.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Cli.Result podman(Duration timeout, String... args) throws Exception {
        return sh.run(timeout, podmanCommand(args));
    }

    /** A test that fails half-way leaves no container to the next. */
    @AfterEach
    void removeContainers() throws Exception {
        if (sh != null) {
            podman(RUN, "rm", "--all", "--force", "--time", "0");
        }
    }

    /** Whatever is left (conmon, a container's processes, overlay mounts) goes, even after a failure. */
    @AfterAll
    static void cleanUp() throws Exception {
        if (sh == null) {
            return;
        }
        try {
            podman(RUN, "rm", "--all", "--force", "--time", "0");
        } finally {
            List<String> killed = Commands.endProcessesMentioning(tmp.toString(), Duration.ofSeconds(5));
            Commands.unmountAllUnder(tmp);
            // overlay's work dirs and links are cleared here, not left to @TempDir's clean-up
            dev.jrun.rootfs.HostTrees.delete(tmp.resolve("storage"));
            dev.jrun.rootfs.HostTrees.delete(tmp.resolve("run"));
            assertThat(killed).as("processes still running after podman rm --all --force").isEmpty();
        }
    }

    private static void assertNoContainers() throws Exception {
        Cli.Result ps = podman(QUICK, "ps", "--all", "--quiet");
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        assertThat(ps.out()).as("podman ps -a").isEmpty();
    }

    @Test
    void podman_runsTheRuntimeUnderTest() throws Exception {
        Cli.Result info = podman(QUICK, "info", "--format", "{{.Host.OCIRuntime.Path}}");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out().strip()).isEqualTo(runtime.toString());
    }

    @Test
    void runRm_printsTheContainersOutput_andLeavesNothing() throws Exception {
        Cli.Result r = podman(RUN, "run", "--rm", "--network=none", image, "echo", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        assertNoContainers();
    }

    @Test
    void runRm_exitsWithTheContainersExitCode() throws Exception {
        Cli.Result r = podman(RUN, "run", "--rm", "--network=none", image, "sh", "-c", "exit 3");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertNoContainers();
    }

    @Test
    void detached_thenExecStopRm_leavesNothing() throws Exception {
        String name = "jrun-it-detached";
        Cli.Result run = podman(RUN, "run", "-d", "--name", name, "--network=none", image, "sleep", "60");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).matches("[0-9a-f]{64}\n");
        assertThat(podman(QUICK, "inspect", "--format", "{{.State.Status}}", name).out()).isEqualTo("running\n");

        Cli.Result exec = podman(RUN, "exec", name, "echo", "from-exec");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out()).isEqualTo("from-exec\n");

        // sleep is pid 1, which ignores SIGTERM: podman sends it, then SIGKILL after 2 s
        Cli.Result stop = podman(RUN, "stop", "-t", "2", name);
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).isEqualTo(name + "\n");
        assertThat(podman(QUICK, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name).out())
                .isEqualTo("exited 137\n");

        Cli.Result rm = podman(RUN, "rm", name);
        assertThat(rm.exitCode()).as(rm.err()).isZero();
        assertThat(rm.out()).isEqualTo(name + "\n");
        assertNoContainers();
    }

    @Test
    void runT_givesTheContainerATerminal() throws Exception {
        // script(1) gives podman the terminal that -t needs; its pty carries \r\n
        String line = podmanCommand("run", "--rm", "-t", "--network=none", image, "tty").stream()
                .map(Commands::shellQuote).collect(Collectors.joining(" "));
        Cli.Result r = sh.run(RUN, "script", "--quiet", "--return", "--command", line, "/dev/null");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out().replace("\r", "").strip()).matches("/dev/pts/[0-9]+");
        assertNoContainers();
    }
}
