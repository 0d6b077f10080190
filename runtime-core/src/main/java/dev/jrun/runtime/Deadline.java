package dev.jrun.runtime;

import dev.jrun.linux.Signals;
import java.time.Duration;

/**
 * A job's wall-clock budget: when {@code timeout} has passed since start, it gets {@code stopSignal},
 * then SIGKILL if it is still there {@code stopTimeout} later (docker's stop sequence).
 *
 * @param timeout null for no limit
 */
public record Deadline(Duration timeout, int stopSignal, Duration stopTimeout) {

    public static final Deadline NONE = new Deadline(null, Signals.SIGTERM, Duration.ofSeconds(10));

    public Deadline {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("--timeout must be positive, not " + timeout.toMillis() + "ms");
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("--stop-timeout must not be negative, not " + stopTimeout.toMillis() + "ms");
        }
    }

    /** A duration as the flags take it: {@code 2m}, {@code 10s}, {@code 300ms}. */
    public static String render(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 && ms > 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
