package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.launch.LaunchEvent;
import dev.jrun.launch.Stdio;
import dev.jrun.network.NetworkMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** --network none, host and container:ID, as the container sees them. */
class NetworkModesTest extends PrivilegedContainerTest {
    @Test
    void none_showsOnlyLoopback_up_andNoRouteOut() throws Exception {
        var r = engine.sh("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; ip link show lo; echo routes:;"
                + " ip route; nc -w 1 192.0.2.1 80 </dev/null 2>&1");
        assertThat(r.out()).contains("<LOOPBACK,UP,LOWER_UP>").contains("routes:\nnc: ")
                .contains("Network is unreachable");
        assertThat(r.out().lines().takeWhile(l -> !l.startsWith("1: lo"))).containsExactly("lo");
    }

    @Test
    void host_seesTheHostsInterfaces_andExplainWarns() throws Exception {
        List<LaunchEvent> events = new CopyOnWriteArrayList<>();
        var r = engine.run(engine.busybox(), b -> b.network(new NetworkMode.Host())
                .command(List.of("ls", "/sys/class/net")), events::add);
        List<String> host;
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            host = links.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(r.out().lines().sorted().toList()).isEqualTo(host).hasSizeGreaterThan(1);
        assertThat(events).anyMatch(e -> e.kind() == LaunchEvent.Kind.WARNING
                && e.text().contains("shares the host's network namespace"));
        assertThat(events).anyMatch(e -> e.step().equals("unshare-namespaces") && e.kind() == LaunchEvent.Kind.STEP
                && e.text().startsWith("own mounts, hostname, IPC") && !e.text().contains("network"));
    }

    @Test
    void container_joinsTheOthersNetworkNamespace_andTakesItsHostname() throws Exception {
        ContainerSpec peer = TestEngine.spec(engine.busybox()).name("peer").hostname("peer-host")
                .stdio(new Stdio(null, tmp.resolve("peer.out"), tmp.resolve("peer.err")))
                .command(List.of("sleep", "60")).build();
        try (Container running = engine.jrun.create(peer, dev.jrun.launch.LaunchObserver.NONE)) {
            running.start();
            String peerNet = Files.readSymbolicLink(Path.of("/proc/" + running.pid() + "/ns/net")).toString();
            var r = engine.run(engine.busybox(), b -> b.network(new NetworkMode.Container("peer"))
                    .command(List.of("sh", "-c", "readlink /proc/self/ns/net; hostname")));
            assertThat(r.out()).isEqualTo(peerNet + "\npeer-host\n");
        }
    }

    @Test
    void container_refusesAStoppedOne() throws Exception {
        engine.run(engine.busybox(), b -> b.name("gone").keep(true).command(List.of("true")));
        assertThatThrownBy(() -> engine.run(engine.busybox(), b -> b.network(new NetworkMode.Container("gone"))
                .command(List.of("true")))).isInstanceOf(JrunException.class)
                .hasMessageContaining("--network container:gone: container gone is stopped");
        engine.jrun.remove("gone");
    }
}
