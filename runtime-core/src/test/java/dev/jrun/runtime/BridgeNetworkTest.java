package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.launch.LaunchEvent;
import dev.jrun.launch.Stdio;
import dev.jrun.network.NetworkMode;
import dev.jrun.network.PortMapping;
import dev.jrun.testing.Privileged;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --network bridge through the CNI plug-ins: containers reach each other, and leave nothing behind. */
class BridgeNetworkTest extends PrivilegedContainerTest {
    private static final NetworkMode BRIDGE = new NetworkMode.Named("jrun0");
    private boolean bridgeExisted;

    @BeforeEach
    void needsPlugins() {
        Privileged.assumeCniPlugins();
        bridgeExisted = HostNetwork.bridgeExists();
    }

    @AfterEach
    void restoreHost() throws Exception {
        if (engine != null) {
            HostNetwork.restore(bridgeExisted);
        }
    }

    @Test
    void twoContainers_reachEachOtherByIp_andTheAddressIsInHosts() throws Exception {
        HostNetwork before = HostNetwork.now();
        ContainerSpec server = TestEngine.spec(engine.busybox()).name("web").hostname("web").network(BRIDGE)
                .stdio(new Stdio(null, tmp.resolve("web.out"), tmp.resolve("web.err")))
                .command(List.of("sh", "-c", "mkdir /www && echo hello from web > /www/index.html"
                        + " && exec httpd -f -p 80 -h /www")).build();
        List<LaunchEvent> events = new CopyOnWriteArrayList<>();
        try (Container web = engine.jrun.create(server, events::add)) {
            web.start();
            String hosts = Files.readString(engine.dataRoot.resolve("containers/web/hosts"));
            String ip = hosts.lines().reduce((a, b) -> b).orElseThrow().split("\t")[0];
            assertThat(hosts).endsWith(ip + "\tweb\n");
            assertThat(ip).startsWith("10.90.0.");
            assertThat(events).anyMatch(e -> e.step().equals("network-add") && e.text().equals("eth0 has " + ip));

            // busybox's nc, with a time limit (its wget -T crashes), until httpd listens (refused at once before)
            var r = engine.run(engine.busybox(), b -> b.network(BRIDGE).command(List.of("sh", "-c",
                    "for i in $(seq 50); do page=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + ip + " 80)"
                            + " && [ -n \"$page\" ] && break; sleep 0.1; done; echo \"$page\" | tail -n 1;"
                            + " ip -o -4 addr show eth0 | grep -o '10\\.90\\.0\\.[0-9]*/24'; ip route | grep default")));
            assertThat(r.out()).startsWith("hello from web\n10.90.0.").contains("default via 10.90.0.1 dev eth0");
        }
        assertThat(HostNetwork.now()).isEqualTo(before);
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void fiftyContainers_comeAndGo_leavingNoVethRuleOrAddress() throws Exception {
        PortMapping port = PortMapping.parse("127.0.0.1:18081:80");
        // the first makes the bridge and the plug-ins' shared chains (portmap's only once it maps a port)
        engine.run(engine.busybox(), b -> b.network(BRIDGE).publish(port).command(List.of("true")));
        HostNetwork before = HostNetwork.now();
        for (int i = 0; i < 50; i++) {
            var r = engine.run(engine.busybox(), b -> b.network(BRIDGE).publish(port)
                    .command(List.of("sh", "-c", "ip -o link | grep -c eth0")));
            assertThat(r.out()).as("container %d", i).isEqualTo("1\n");
        }
        assertThat(HostNetwork.now()).isEqualTo(before);
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void aKeptContainer_releasesItsAddressWhenItStops() throws Exception {
        HostNetwork before = HostNetwork.now();
        var r = engine.run(engine.busybox(), b -> b.name("kept").keep(true).network(BRIDGE)
                .command(List.of("sh", "-c", "ip -o -4 addr show eth0 | grep -o '10\\.90\\.0\\.[0-9]*'")));
        assertThat(r.out()).startsWith("10.90.0.");
        assertThat(engine.jrun.containers().record("kept").status()).isEqualTo("stopped");
        assertThat(engine.jrun.containers().network("kept")).isNull();
        assertThat(HostNetwork.now()).isEqualTo(before);
        engine.jrun.remove("kept");
    }

    @Test
    void explain_tellsTheNetworkStep() throws Exception {
        List<LaunchEvent> events = new CopyOnWriteArrayList<>();
        engine.run(engine.busybox(), b -> b.network(BRIDGE).command(List.of("true")), events::add);
        assertThat(events).anyMatch(e -> e.kind() == LaunchEvent.Kind.STEP && e.step().equals("network-add")
                && e.text().contains("CNI ADD of bridge, portmap, firewall"));
    }
}
