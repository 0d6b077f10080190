package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The launch rule of launch.md under pressure: hundreds of launches from one JVM while another
 * thread churns garbage, so garbage collections (safepoints) land at every point of the launch.
 * A forked-Java design hangs here; this one must not, and must not leak mounts or descriptors.
 */
class StressTest extends PrivilegedContainerTest {
    private static final int LAUNCHES = 500;

    @Test
    void manyLaunchesUnderGcPressure_neverHangAndLeakNothing() throws Exception {
        Image image = engine.busybox();
        engine.run(image, b -> b.command(List.of("true"))); // warm up before counting
        long mountsBefore = Files.readAllLines(Path.of("/proc/self/mountinfo")).size();
        long fdsBefore = openFds();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong churned = new AtomicLong();
        Thread garbage = new Thread(() -> {
            while (!stop.get()) {
                List<byte[]> junk = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    junk.add(new byte[1024]);
                }
                churned.addAndGet(junk.size());
            }
        }, "garbage");
        garbage.start();
        try {
            for (int i = 0; i < LAUNCHES; i++) {
                int n = i;
                var r = engine.run(image, b -> b.command(List.of("sh", "-c", "echo " + n + " $$")));
                assertThat(r.out()).as("launch %d", i).isEqualTo(i + " 1\n");
            }
        } finally {
            stop.set(true);
            garbage.join();
        }
        assertThat(churned.get()).isGreaterThan(0);
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")).size()).isEqualTo(mountsBefore);
        assertThat(openFds()).isEqualTo(fdsBefore);
        assertThat(engine.leftovers()).isEmpty();
    }

    private static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
