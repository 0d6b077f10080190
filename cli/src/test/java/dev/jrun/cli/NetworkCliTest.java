package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * Bridge networking through the real CLI: a published port answers on the host, jrun's networks are
 * listed, made and removed, and a container's address and interface are released whichever way it
 * goes, also when its jrun was killed with SIGKILL. Each test removes its containers, waits for the
 * monitor to end, and deletes the default bridge if it made it.
 */
class NetworkCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IPAM = Path.of("/var/lib/cni/networks/jrun0");

    @TempDir
    Path tmp;
    Cli cli;
    String image;
    boolean bridgeExisted;

    @BeforeEach
    void setUp() {
        Cli.assumeRoot();
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "needs Debian's containernetworking-plugins");
        cli = new Cli(tmp);
        cli.env.put("JRUN_MONITOR_LINGER_MS", "500");
        image = Cli.image("busybox.tar").toString();
        bridgeExisted = Files.exists(Path.of("/sys/class/net/jrun0"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (cli == null) {
            return;
        }
        for (Cli.Result r = cli.run("ps", "-a"); r.out().lines().count() > 1; r = cli.run("ps", "-a")) {
            cli.run("rm", "-f", r.out().lines().skip(1).findFirst().orElseThrow().replaceAll(".* ", ""));
        }
        cli.run("prune");
        Optional<ProcessHandle> monitor = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains("--root=" + cli.stateRoot) && List.of(a).contains("monitor"))
                .orElse(false)).findFirst();
        if (monitor.isPresent()) {
            monitor.get().onExit().get(Commands.scaled(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!bridgeExisted) {
            new ProcessBuilder("ip", "link", "del", "jrun0").start().waitFor();
        }
    }

    @Test
    void publishedPort_servesTheContainersHttpd_onTheHostsLoopback_untilRemoved() throws Exception {
        Cli.Result started = cli.run("run", "-d", "--name", "web", "-h", "web", "--network", "bridge", "-p",
                "127.0.0.1:18080:80",
                image, "sh", "-c", "mkdir /www && echo hello from jrun > /www/index.html && exec httpd -f -p 80 -h /www");
        assertThat(started.exitCode()).as(started.err()).isZero();
        String ip = address("web");
        assertThat(IPAM.resolve(ip)).exists();

        assertThat(get("http://127.0.0.1:18080/")).isEqualTo("hello from jrun\n");

        cli.run("rm", "-f", "web").succeeded();
        assertThat(IPAM.resolve(ip)).doesNotExist();
        assertThat(refused("http://127.0.0.1:18080/")).isTrue();
    }

    @Test
    void networks_areListedMadeAndRemoved_andAContainerTakesItsSubnet() throws Exception {
        assertThat(cli.run("network", "create", "--subnet", "10.90.250.0/24", "jrtest").out())
                .isEqualTo("jrtest 10.90.250.0/24\n");
        try {
            assertThat(cli.run("network", "ls").out()).contains("jrtest").contains("10.90.250.0/24")
                    .contains("jrun-jrtest").contains("bridge,portmap,firewall");
            Cli.Result r = cli.run("run", "--network", "jrtest", image, "sh", "-c", "ip -o -4 addr show eth0");
            assertThat(r.out()).contains("inet 10.90.250.");
        } finally {
            cli.run("network", "rm", "jrtest").succeeded();
        }
        assertThat(Path.of("/sys/class/net/jrun-jrtest")).doesNotExist();
        assertThat(cli.run("network", "ls").out()).doesNotContain("jrtest");
        Cli.Result missing = cli.run("run", "--network", "jrtest", image, "true");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).isEqualTo("jrun: --network jrtest: no network jrtest (`jrun network ls` lists them)\n");
    }

    @Test
    void killedJrun_leavesItsAttachment_forPruneToRelease() throws Exception {
        Process run = cli.start(List.of(), "run", "--name", "orphan", "--network", "bridge", image, "sh", "-c",
                "echo ready; exec sleep 60");
        // the network is attached before the container's process runs: once it prints, the record is there
        assertThat(new BufferedReader(new InputStreamReader(run.getInputStream())).readLine()).isEqualTo("ready");
        JsonNode attached = JSON.readTree(cli.stateRoot.resolve("orphan/network.json").toFile());
        assertThat(attached.has("result")).as("the container got an address").isTrue();
        String ip = attached.get("result").get("ips").get(0).get("address").asText().replaceAll("/.*", "");
        run.destroyForcibly().waitFor(); // SIGKILL: no DEL, the container keeps running
        assertThat(IPAM.resolve(ip)).exists();

        assertThat(cli.run("prune").out()).contains("Deleted container orphan");
        assertThat(IPAM.resolve(ip)).doesNotExist();
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void portsNeedACniNetwork() throws Exception {
        Cli.Result r = cli.run("run", "-p", "8080:80", image, "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("jrun: -p needs --network bridge or another CNI network: with --network none the"
                + " container has no ports of its own to publish\n");
    }

    /** The container's address, as inspect shows ADD's result; the same as the last line of its /etc/hosts. */
    private String address(String name) throws Exception {
        JsonNode network = JSON.readTree(cli.run("inspect", name).out()).get("network");
        String ip = network.get("result").get("ips").get(0).get("address").asText().replaceAll("/.*", "");
        String hosts = cli.run("exec", name, "cat", "/etc/hosts").out();
        assertThat(hosts.lines().reduce((a, b) -> b)).contains(ip + "\t" + name);
        return ip;
    }

    /** GET, retried while the server is still starting (connection refused), for up to 10 s. */
    private static String get(String url) throws Exception {
        for (int i = 0; ; i++) {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.net.ConnectException e) {
                if (i == 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean refused(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        try (InputStream in = c.getInputStream()) {
            return false;
        } catch (java.net.ConnectException | java.net.SocketTimeoutException e) {
            return true;
        }
    }
}
