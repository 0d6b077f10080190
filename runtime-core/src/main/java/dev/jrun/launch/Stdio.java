package dev.jrun.launch;

import java.nio.file.Path;

/**
 * Where the container's stdin, stdout and stderr go: a host file, or (null) the runtime's own; and
 * which further descriptors of the runtime it gets.
 * {@code jrun run} hands over its own; an embedding program can capture output in files.
 */
public record Stdio(Path in, Path out, Path err, int preserveFds) {
    public static final Stdio INHERIT = new Stdio(null, null, null);

    /**
     * @param preserveFds how many descriptors after stderr (3, 4, ...) the container gets from
     *                    the runtime as they are (OCI {@code --preserve-fds}, for socket activation)
     */
    public Stdio {
        if (preserveFds < 0) {
            throw new IllegalArgumentException("preserved descriptors must be 0 or more, not " + preserveFds);
        }
    }

    public Stdio(Path in, Path out, Path err) {
        this(in, out, err, 0);
    }
}
