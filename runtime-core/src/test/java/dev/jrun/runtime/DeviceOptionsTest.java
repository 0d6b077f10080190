package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrun.linux.DeviceNumbers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --device}: a host node given to the container opens there with the permissions given, and
 * only those; the same node made with mknod inside does not open. The node is
 * /dev/cpu_dma_latency: in every kernel, not in docker's default list, and harmless (reading it
 * tells the PM QoS latency; opening it for writing without writing changes nothing). Needs root.
 */
class DeviceOptionsTest extends PrivilegedContainerTest {
    private static final Path NODE = Path.of("/dev/cpu_dma_latency");

    @BeforeEach
    void assumeTheNode() {
        assumeTrue(Files.exists(NODE), NODE + " is missing (it comes with the kernel's PM QoS core)");
    }

    @Test
    void readOnlyDevice_readsButDoesNotOpenForWriting() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.device(NODE + ":/dev/latency:r").command(List.of("sh", "-c",
                "head -c 4 /dev/latency | wc -c; true > /dev/latency; echo write=$?")));

        assertThat(r.out()).isEqualTo("4\nwrite=1\n");
        assertThat(r.err()).contains("can't create /dev/latency: Operation not permitted");
    }

    @Test
    void theSameNodeMadeInside_doesNotOpen() throws Exception {
        long rdev = (Long) Files.getAttribute(NODE, "unix:rdev");
        var r = engine.run(engine.busybox(), b -> b.command(List.of("sh", "-c", "mknod /tmp/latency c "
                + DeviceNumbers.major(rdev) + " " + DeviceNumbers.minor(rdev) + " && head -c 4 /tmp/latency")));

        assertThat(r.err()).contains("head: /tmp/latency: Operation not permitted");
    }

    @Test
    void notADevice_isAnErrorNamingIt() {
        assertThatThrownBy(() -> engine.run(engine.busybox(), b -> b.device("/etc/hostname").command(List.of("true"))))
                .hasMessage("--device /etc/hostname: /etc/hostname is not a character or block device");
    }
}
