package dev.jrun.launch;

/**
 * Hears every {@link LaunchEvent} of a launch; {@code jrun run --explain} prints them.
 *
 * <p>Called on the launch threads themselves, one of which lives in the container's new pid
 * namespace and cannot start threads: an observer must not start threads, nor block for long.
 */
@FunctionalInterface
public interface LaunchObserver {
    LaunchObserver NONE = event -> { };

    void onEvent(LaunchEvent event);
}
