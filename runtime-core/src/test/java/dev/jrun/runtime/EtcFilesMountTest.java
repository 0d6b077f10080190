package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.network.EtcFiles;
import dev.jrun.network.HostEntry;
import dev.jrun.network.NetworkMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /etc/hosts, /etc/hostname and /etc/resolv.conf: generated per container and bound over the image's. */
class EtcFilesMountTest extends PrivilegedContainerTest {
    private static final String SHOW = "cat /etc/hostname; echo --; cat /etc/hosts; echo --; cat /etc/resolv.conf";

    @Test
    void none_namesTheContainerOnLoopback_andTakesTheHostsResolvers() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.hostname("box").command(List.of("sh", "-c", SHOW)));
        assertThat(r.out()).isEqualTo("box\n--\n" + EtcFiles.LOCALHOST + "127.0.0.1\tbox\n--\n"
                + EtcFiles.resolvConf(EtcFiles.hostResolvConf(false), List.of(), false));
    }

    @Test
    void addHostAndDns_areWritten() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.hostname("box").addHost(HostEntry.parse("db:10.1.2.3"))
                .dns("192.0.2.53").command(List.of("sh", "-c", "grep db /etc/hosts; grep nameserver /etc/resolv.conf")));
        assertThat(r.out()).isEqualTo("10.1.2.3\tdb\nnameserver 192.0.2.53\n");
    }

    @Test
    void host_getsTheHostsHostsFileAndName() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.network(new NetworkMode.Host())
                .command(List.of("sh", "-c", "cat /etc/hosts; hostname")));
        assertThat(r.out()).isEqualTo(Files.readString(Path.of("/etc/hosts"))
                + Files.readString(Path.of("/proc/sys/kernel/hostname")));
    }

    @Test
    void theFilesAreBindMounts_writableInside_andGoWithTheContainer() throws Exception {
        var r = engine.sh("grep -c -E ' /etc/(hosts|hostname|resolv.conf) ' /proc/self/mountinfo;"
                + " echo '10.9.9.9 extra' >> /etc/hosts && grep -c extra /etc/hosts");
        assertThat(r.out()).isEqualTo("3\n1\n");
        assertThat(engine.leftovers()).isEmpty();
    }
}
