package dev.jrun.runtime;

import dev.jrun.launch.Stdio;
import java.nio.file.Path;

/**
 * What OCI {@code create} takes besides the bundle.
 *
 * @param pidFile where the container process's host pid is written, or null
 * @param stdio the container's standard streams and the descriptors passed on ({@code --preserve-fds});
 *              the OCI commands hand over their own
 * @param consoleSocket where the master of the process's terminal goes ({@code process.terminal}), or null
 * @param systemdCgroup whether {@code linux.cgroupsPath} is in systemd's {@code slice:prefix:name} form
 */
public record CreateOptions(Path pidFile, Stdio stdio, Path consoleSocket, boolean systemdCgroup) {}
