package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.image.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One engine serving several threads at once, as a job scheduler embedding jrun would use it. */
class ConcurrencyTest extends PrivilegedContainerTest {
    private static final int THREADS = 4;
    private static final int RUNS_EACH = 15;

    @Test
    void parallelLaunches_eachGetItsOwnWorld() throws Exception {
        Image image = engine.busybox();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < RUNS_EACH; i++) {
                        String host = "t" + thread + "-" + i;
                        var r = engine.run(image, b -> b.hostname(host).command(List.of("sh", "-c",
                                "echo $(hostname) $$ $(ls /proc | grep -c '^[0-9]')")));
                        seen.add(r.exitCode() + " " + r.out().trim());
                    }
                    return seen;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                List<String> seen = results.get(t).get();
                for (int i = 0; i < RUNS_EACH; i++) {
                    // exit 0, its own hostname, pid 1, and only its own few processes in /proc
                    assertThat(seen.get(i)).matches("0 t" + t + "-" + i + " 1 [1-4]");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(engine.leftovers()).isEmpty();
    }
}
