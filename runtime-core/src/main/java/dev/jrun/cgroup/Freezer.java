package dev.jrun.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Pauses and resumes every process of a cgroup: v1's freezer controller ({@code freezer.state}
 * FROZEN or THAWED) or v2's {@code cgroup.freeze}. Freezing takes effect asynchronously: the state
 * reads FREEZING (v1), or {@code cgroup.events} shows {@code frozen 0} (v2), until every task has
 * stopped, so both wait for the end state.
 */
public final class Freezer {
    /** How long a freeze may take: a task in an uninterruptible sleep holds it up. */
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private Freezer() {}

    /**
     * Freezes ({@code frozen}) or thaws the cgroup made of {@code directories} (as
     * {@link Cgroup#directories()} lists them), and waits until it is so.
     *
     * @throws IOException if it has no freezer, or the state is not reached in time
     */
    public static void set(List<Path> directories, boolean frozen) throws IOException {
        for (Path dir : directories) {
            if (Files.exists(dir.resolve("freezer.state"))) {
                Files.writeString(dir.resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
                await(dir.resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
                return;
            }
            if (Files.exists(dir.resolve("cgroup.freeze"))) {
                Files.writeString(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
                await(dir.resolve("cgroup.events"), frozen ? "frozen 1" : "frozen 0");
                return;
            }
        }
        throw new IOException("no freezer: neither a v1 freezer hierarchy nor cgroup v2's cgroup.freeze in "
                + directories);
    }

    private static void await(Path file, String expected) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!Files.readString(file).lines().anyMatch(l -> l.strip().equals(expected))) {
            if (System.nanoTime() > deadline) {
                throw new IOException(file + " did not reach \"" + expected + "\" within 10 s (a task may be in an"
                        + " uninterruptible sleep)");
            }
            LockSupport.parkNanos(1_000_000); // the kernel gives no event for v1; a millisecond is plenty
        }
    }
}
