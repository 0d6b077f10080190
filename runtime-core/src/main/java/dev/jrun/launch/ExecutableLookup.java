package dev.jrun.launch;

import dev.jrun.rootfs.RootPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the command in the container's own PATH, inside its rootfs (never the host's), as docker
 * does before it starts anything: a missing command is exit 127, one that cannot run is 126.
 */
public final class ExecutableLookup {
    private ExecutableLookup() {}

    /** The absolute in-container path of {@code command}, searched in {@code path} if it has no slash. */
    public static String find(Path rootfs, String command, String path) throws CommandException {
        if (command.isEmpty()) {
            throw new CommandException(CommandException.NOT_FOUND, "empty command name");
        }
        if (command.contains("/")) {
            String absolute = command.startsWith("/") ? command : "/" + command;
            check(rootfs, absolute, command);
            return absolute;
        }
        for (String dir : path.split(":", -1)) {
            String candidate = (dir.isEmpty() ? "" : dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir)
                    + "/" + command;
            if (candidate.startsWith("/") && isFile(rootfs, candidate)) {
                check(rootfs, candidate, command);
                return candidate;
            }
        }
        throw new CommandException(CommandException.NOT_FOUND,
                // the words runc uses: podman and containerd map them to exit 127
                command + ": executable file not found in $PATH (the container's: " + path + ")");
    }

    private static void check(Path rootfs, String containerPath, String command) throws CommandException {
        Path host = hostPath(rootfs, containerPath);
        if (host == null || !Files.exists(host)) {
            throw new CommandException(CommandException.NOT_FOUND, "no such file in the container: " + command);
        }
        if (Files.isDirectory(host)) {
            throw new CommandException(CommandException.CANNOT_EXECUTE, containerPath + " is a directory");
        }
        if (!Files.isExecutable(host)) {
            throw new CommandException(CommandException.CANNOT_EXECUTE,
                    "permission denied: " + containerPath + " is not executable");
        }
    }

    private static boolean isFile(Path rootfs, String containerPath) {
        Path host = hostPath(rootfs, containerPath);
        return host != null && Files.isRegularFile(host);
    }

    private static Path hostPath(Path rootfs, String containerPath) {
        try {
            return RootPaths.resolveFollowing(rootfs, containerPath);
        } catch (IOException e) {
            return null;
        }
    }

    /** The PATH docker uses when the image sets none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The value of PATH in {@code env} ({@code KEY=VALUE} entries), or {@link #DEFAULT_PATH}. */
    public static String pathOf(List<String> env) {
        return env.stream().filter(e -> e.startsWith("PATH=")).map(e -> e.substring(5)).reduce((a, b) -> b)
                .orElse(DEFAULT_PATH);
    }
}
