package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.launch.Stdio;
import dev.jrun.linux.Signals;
import dev.jrun.testing.QemuUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --timeout: a job past its time is stopped, and says how. Needs root. */
class DeadlineTest extends PrivilegedContainerTest {
    @Test
    void aPid1WithoutATermHandler_isKilledAtTheTimeout() throws Exception {
        QemuUser.assumeItCan("show which signals a pid 1 handles (the emulator catches every signal itself)");
        Outcome o = run(new Deadline(Duration.ofMillis(300), Signals.SIGTERM, Duration.ofSeconds(60)), "sleep", "100");

        assertThat(o.code()).isEqualTo(128 + Signals.SIGKILL);
        assertThat(o.timedOut()).isEqualTo("sent SIGKILL: its pid 1 has no handler for SIGTERM");
    }

    @Test
    void aJobThatTrapsTheStopSignal_getsItThenKillAfterTheStopTimeout() throws Exception {
        // 2 s: ample for sh to set its trap; `wait` (unlike a foreground sleep) lets the trap run at once
        Outcome o = run(new Deadline(Duration.ofSeconds(2), Signals.SIGTERM, Duration.ofMillis(300)), "sh", "-c",
                "trap 'echo got TERM' TERM; echo ready; while true; do sleep 1 & wait; done");

        assertThat(o.code()).isEqualTo(128 + Signals.SIGKILL);
        assertThat(o.timedOut()).isEqualTo("sent SIGTERM, then SIGKILL after 300ms");
        assertThat(o.out()).isEqualTo("ready\ngot TERM\n");
    }

    @Test
    void stopSignalKill_isSentAtTheTimeout() throws Exception {
        Outcome o = run(new Deadline(Duration.ofMillis(300), Signals.SIGKILL, Duration.ofSeconds(60)), "sleep", "100");

        assertThat(o.code()).isEqualTo(128 + Signals.SIGKILL);
        assertThat(o.timedOut()).isEqualTo("sent SIGKILL");
    }

    @Test
    void aJobThatEndsInTime_isNotTimedOut() throws Exception {
        Outcome o = run(new Deadline(Duration.ofSeconds(60), Signals.SIGTERM, Duration.ofSeconds(1)), "true");

        assertThat(o.code()).isZero();
        assertThat(o.timedOut()).isNull();
    }

    private record Outcome(int code, String timedOut, String out) {}

    private Outcome run(Deadline deadline, String... command) throws Exception {
        Path out = tmp.resolve("job.out");
        ContainerSpec spec = TestEngine.spec(engine.busybox()).deadline(deadline).command(List.of(command))
                .stdio(new Stdio(null, out, null)).build();
        try (Container container = engine.create(spec)) {
            container.start();
            int code = container.waitFor().shellCode();
            return new Outcome(code, container.timedOut(), Files.readString(out));
        }
    }
}
