package dev.jrun.container;

/**
 * What the state directory records about a container, written as {@code state.json}.
 *
 * @param id the 64-hex container id
 * @param name the key of its directories: its name, or the short id
 * @param status creating, created, running or stopped
 * @param pid the host pid of the first process, 0 before it exists
 * @param pidStartTime its start time (field 22 of /proc/pid/stat), so a reused pid is never killed
 * @param keep whether the container stays after it stops
 * @param exitCode the exit code once stopped, else -1
 */
public record ContainerState(String id, String name, String status, int pid, long pidStartTime, boolean keep,
                             int exitCode) {
    public ContainerState withStatus(String newStatus) {
        return new ContainerState(id, name, newStatus, pid, pidStartTime, keep, exitCode);
    }

    public ContainerState withPid(int newPid, long startTime) {
        return new ContainerState(id, name, "created", newPid, startTime, keep, exitCode);
    }

    public ContainerState stopped(int code) {
        return new ContainerState(id, name, "stopped", pid, pidStartTime, keep, code);
    }
}
