package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.testing.Privileged;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --ulimit: parsed as docker does, in force inside from the first instruction. */
class UlimitTest {
    @TempDir
    Path tmp;

    @Test
    void parse_takesDockersForms() {
        assertThat(Ulimit.parse("nofile=1024:2048")).isEqualTo(new Ulimit("nofile", 7, 1024, 2048));
        assertThat(Ulimit.parse("fsize=4096")).isEqualTo(new Ulimit("fsize", 1, 4096, 4096));
        assertThat(Ulimit.parse("core=unlimited")).isEqualTo(new Ulimit("core", 4, -1, -1));
        assertThat(Ulimit.parse("cpu=1").resource()).isZero();
        assertThat(Ulimit.parse("as=1:2").resource()).isEqualTo(9);
    }

    @Test
    void parse_badInputNamesTheLimit() {
        assertThatThrownBy(() -> Ulimit.parse("rss=1")).hasMessageStartingWith("--ulimit rss=1: want NAME=SOFT[:HARD]");
        assertThatThrownBy(() -> Ulimit.parse("nofile=lots")).hasMessage("--ulimit nofile=lots: lots is no limit"
                + " (a number or unlimited)");
        assertThatThrownBy(() -> Ulimit.parse("nofile=20:10"))
                .hasMessage("--ulimit nofile: soft limit 20 is above the hard limit 10");
    }

    @Test
    void limits_holdInsideTheContainer() throws Exception {
        Privileged.assumeRoot();
        TestEngine engine = new TestEngine(tmp);

        var r = engine.run(engine.busybox(), b -> b.ulimit(Ulimit.parse("nofile=100:200"))
                .ulimit(Ulimit.parse("fsize=4096")).command(List.of("sh", "-c",
                        "ulimit -n; ulimit -Hn; head -c 10000 /dev/zero > /tmp/f; echo $?; wc -c < /tmp/f")));

        // past fsize the writer gets SIGXFSZ (25): 128 + 25
        assertThat(r.out()).isEqualTo("100\n200\n153\n4096\n");
    }

    /**
     * Another user's process: prlimit(2) lets only its owner or a holder of CAP_SYS_RESOURCE change
     * its limits, and root lacks that capability on some machines (this project's VMs among them).
     */
    @Test
    void limits_holdForANonRootUser() throws Exception {
        Privileged.assumeRoot();
        TestEngine engine = new TestEngine(tmp);

        var r = engine.run(engine.busybox(), b -> b.user("1000:1000").ulimit(Ulimit.parse("nofile=100:200"))
                .command(List.of("sh", "-c", "id -u; ulimit -n; ulimit -Hn")));

        assertThat(r.out()).isEqualTo("1000\n100\n200\n");
    }
}
