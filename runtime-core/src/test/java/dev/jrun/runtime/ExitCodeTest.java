package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.launch.Stdio;
import dev.jrun.linux.Signals;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker's exit codes: the command's own, 126, 127 and 128 + signal. */
class ExitCodeTest extends PrivilegedContainerTest {
    @Test
    void exitCodes_areTheCommandsOwn() throws Exception {
        assertThat(engine.sh("true").exitCode()).isZero();
        assertThat(engine.sh("exit 7").exitCode()).isEqualTo(7);
    }

    @Test
    void missingCommand_is127_namingItAndThePath() throws Exception {
        assertThatThrownBy(() -> engine.run(engine.busybox(), b -> b.command(List.of("no-such-cmd"))))
                .isInstanceOfSatisfying(JrunException.class, e -> assertThat(e.exitCode()).isEqualTo(127))
                .hasMessage("no-such-cmd: executable file not found in $PATH (the container's: "
                        + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)");
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void notExecutable_is126() throws Exception {
        assertThatThrownBy(() -> engine.run(engine.busybox(), b -> b.command(List.of("/etc/passwd"))))
                .isInstanceOfSatisfying(JrunException.class, e -> assertThat(e.exitCode()).isEqualTo(126))
                .hasMessage("permission denied: /etc/passwd is not executable");
    }

    @Test
    void scriptWithMissingInterpreter_is127FromExec() throws Exception {
        var r = engine.sh("printf '#!/no/interp\\n' > /tmp/s; chmod +x /tmp/s; /tmp/s; echo $?");
        assertThat(r.out()).isEqualTo("127\n");
    }

    @Test
    void killedBySignal_is128PlusSignal() throws Exception {
        Path out = tmp.resolve("ready");
        ContainerSpec spec = TestEngine.spec(engine.busybox())
                .command(List.of("sh", "-c", "echo ready; exec sleep 1000"))
                .stdio(new Stdio(null, out, null)).build();
        try (Container c = engine.create(spec)) {
            c.start();
            c.signal(Signals.SIGKILL);
            assertThat(c.waitFor().shellCode()).isEqualTo(128 + 9);
        }
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void sigterm_reachesTheProcessWhichHandlesIt() throws Exception {
        Path fifo = tmp.resolve("ready.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Path out = tmp.resolve("term.out");
        ContainerSpec spec = TestEngine.spec(engine.busybox())
                .command(List.of("sh", "-c", "trap 'echo got TERM; exit 3' TERM; echo ready >&2; "
                        + "sleep 1000 & wait"))
                .stdio(new Stdio(null, out, fifo)).build();
        // opened read-write before create opens the other end, so that neither side blocks on open;
        // read below until "ready"
        try (RandomAccessFile ready = new RandomAccessFile(fifo.toFile(), "rw");
             Container c = engine.create(spec)) {
            c.start();
            // the trap is installed once the shell has written "ready" (no sleeping to wait for it)
            assertThat(ready.readLine()).isEqualTo("ready");
            c.signal(Signals.SIGTERM);
            assertThat(c.waitFor().shellCode()).isEqualTo(3);
        }
        assertThat(Files.readString(out)).isEqualTo("got TERM\n");
    }
}
