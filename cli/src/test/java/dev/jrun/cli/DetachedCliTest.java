package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker-like lifecycle through the real CLI: run -d hands the container to the monitor, which
 * records its exit code; ps, logs, exec, stop, inspect and rm act on it. Each test ends by waiting
 * for the monitor to end (it lingers JRUN_MONITOR_LINGER_MS after its last container), so no
 * process is left behind.
 */
class DetachedCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Cli cli;
    String image;

    @BeforeEach
    void setUp() {
        Cli.assumeRoot();
        cli = new Cli(tmp);
        cli.env.put("JRUN_MONITOR_LINGER_MS", "500");
        image = Cli.image("busybox.tar").toString();
    }

    @AfterEach
    void monitorEnds() throws Exception {
        if (cli == null) {
            return;
        }
        for (Cli.Result r = cli.run("ps", "-a"); r.out().lines().count() > 1; r = cli.run("ps", "-a")) {
            String name = r.out().lines().skip(1).findFirst().orElseThrow().replaceAll(".* ", "");
            cli.run("rm", "-f", name);
        }
        awaitMonitorEnd();
    }

    /** The monitor ends once it has recorded its last container's exit and lingered: wait for that. */
    private void awaitMonitorEnd() throws Exception {
        Optional<ProcessHandle> monitor = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains("--root=" + cli.stateRoot) && List.of(a).contains("monitor"))
                .orElse(false)).findFirst();
        if (monitor.isPresent()) {
            assertThat(monitor.get().onExit().get(Commands.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS).isAlive()).isFalse();
        }
    }

    @Test
    void runDetached_printsTheId_andPsLogsExecStopInspectRmActOnIt() throws Exception {
        Cli.Result started = cli.run("run", "-d", "--name", "web", image, "sh", "-c",
                "trap 'echo got TERM; exit 5' TERM; echo up; while :; do sleep 1 & wait; done");
        started.succeeded();
        assertThat(started.out()).matches("[0-9a-f]{64}\n");
        String id = started.out().strip();

        assertThat(cli.run("ps").out()).contains(id.substring(0, 12)).contains(" Up ").contains("web");
        // in its pid namespace (not pid 1, which is the container's first process) and its uts one
        assertThat(cli.run("exec", "web", "sh", "-c", "echo exec as $$ in $(hostname)").out())
                .matches("exec as ([2-9]|[1-9][0-9]+) in " + id.substring(0, 12) + "\n");
        assertThat(cli.run("exec", "web", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);

        cli.run("stop", "-t", "5", id.substring(0, 8)).succeeded(); // by id prefix
        awaitMonitorEnd(); // it has recorded the exit code by then
        assertThat(cli.run("logs", "web").out()).isEqualTo("up\ngot TERM\n");
        assertThat(cli.run("ps").out().lines().count()).isEqualTo(1); // only the header: it stopped
        assertThat(cli.run("ps", "-a").out()).contains("Exited (5)");
        var inspected = JSON.readTree(cli.run("inspect", "web").out());
        assertThat(inspected.get("state").get("exitCode").asInt()).isEqualTo(5);
        assertThat(inspected.get("config").get("process").get("args").get(0).asText()).isEqualTo("sh");

        cli.run("rm", "web").succeeded();
        assertThat(cli.run("ps", "-a").out().lines().count()).isEqualTo(1);
        assertThat(cli.leftovers()).filteredOn(p -> !p.getFileName().toString().startsWith("monitor")).isEmpty();
    }

    @Test
    void aMonitorThatCannotStart_isNamedWithItsLog() throws Exception {
        Files.createDirectories(cli.stateRoot.resolve("monitor.sock/in-the-way")); // the monitor cannot bind there
        Cli.Result r = cli.run("run", "-d", image, "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).matches("jrun: jrun monitor \\(pid [0-9]+\\) exited before it was ready \\(see "
                + java.util.regex.Pattern.quote(cli.stateRoot.resolve("monitor.log").toString()) + "\\)\n");
        assertThat(Files.readString(cli.stateRoot.resolve("monitor.log"))).contains("monitor.sock");
        assertThat(cli.run("ps", "-a").out().lines().count()).isEqualTo(1); // no container was made
    }

    @Test
    void aRunningContainer_isRemovedOnlyWithForce() throws Exception {
        cli.run("run", "-d", "--name", "sleeper", image, "sleep", "1000").succeeded();
        Cli.Result refused = cli.run("rm", "sleeper");
        assertThat(refused.exitCode()).isEqualTo(125);
        assertThat(refused.err()).isEqualTo("jrun: container sleeper is running: delete needs it created or stopped\n");
        cli.run("rm", "-f", "sleeper").succeeded();
        assertThat(cli.run("ps", "-a").out().lines().count()).isEqualTo(1);
    }
}
