package dev.jrun.container;

import java.util.Map;

/**
 * What the state directory records about a container, written as {@code state.json}.
 *
 * @param id the container id: 64 hex for {@code jrun run}, the caller's for OCI {@code create}
 * @param name the key of its directories: its name, or the short id
 * @param status creating, created, running, paused or stopped
 * @param pid the host pid of the first process, 0 before it exists
 * @param pidStartTime its start time (field 22 of /proc/pid/stat), so a reused pid is never killed
 * @param keep whether the container stays after it stops
 * @param exitCode the exit code once stopped, else -1
 * @param bundle the OCI bundle it was created from; null for one of {@code jrun run}. A bundle's
 *               container lives until {@code jrun delete}: no runtime holds it in between
 * @param annotations the bundle's annotations
 * @param created when it was created (ISO 8601, UTC)
 */
public record ContainerState(String id, String name, String status, int pid, long pidStartTime, boolean keep,
                             int exitCode, String bundle, Map<String, String> annotations, String created) {
    public ContainerState {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A container of {@code jrun run}. */
    public ContainerState(String id, String name, String status, int pid, long pidStartTime, boolean keep,
                          int exitCode) {
        this(id, name, status, pid, pidStartTime, keep, exitCode, null, Map.of(), java.time.Instant.now().toString());
    }

    public ContainerState withStatus(String newStatus) {
        return new ContainerState(id, name, newStatus, pid, pidStartTime, keep, exitCode, bundle, annotations, created);
    }

    public ContainerState withPid(int newPid, long startTime) {
        return new ContainerState(id, name, "created", newPid, startTime, keep, exitCode, bundle, annotations, created);
    }

    public ContainerState stopped(int code) {
        return new ContainerState(id, name, "stopped", pid, pidStartTime, keep, code, bundle, annotations, created);
    }

    /** Whether this is a bundle's container, kept until {@code jrun delete}. */
    public boolean fromBundle() {
        return bundle != null;
    }
}
