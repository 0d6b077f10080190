package dev.jrun.launch;

import java.nio.file.Path;

/**
 * Where the container's stdin, stdout and stderr go: a host file, or (null) the runtime's own; and
 * which further descriptors of the runtime it gets.
 * {@code jrun run} hands over its own; an embedding program can capture output in files.
 */
public record Stdio(Path in, Path out, Path err, int preserveFds, Terminal terminal) {
    public static final Stdio INHERIT = new Stdio(null, null, null);

    /**
     * A pseudo-terminal made in the container's own devpts: its slave becomes the process's stdin,
     * stdout, stderr and controlling terminal, its master goes to the caller over a unix socket (OCI
     * {@code process.terminal} with {@code --console-socket}).
     *
     * @param consoleSocket the caller's socket, which receives the master; null: jrun keeps it
     *                      ({@link LaunchedProcess#terminalFd()}) and relays it
     * @param rows the terminal's height, 0 to leave the kernel's default
     * @param columns its width
     */
    public record Terminal(Path consoleSocket, int rows, int columns) {}

    /**
     * @param preserveFds how many descriptors after stderr (3, 4, ...) the container gets from
     *                    the runtime as they are (OCI {@code --preserve-fds}, for socket activation)
     * @param terminal a terminal for all three streams instead (then in, out and err are null), or null
     */
    public Stdio {
        if (preserveFds < 0) {
            throw new IllegalArgumentException("preserved descriptors must be 0 or more, not " + preserveFds);
        }
        if (terminal != null && (in != null || out != null || err != null)) {
            throw new IllegalArgumentException("a terminal takes all three streams: no file may be given too");
        }
    }

    public Stdio(Path in, Path out, Path err) {
        this(in, out, err, 0, null);
    }
}
