package dev.jrun.launch;

import java.nio.file.Path;

/**
 * Where the container's stdin, stdout and stderr go: a host file, or (null) the runtime's own.
 * {@code jrun run} hands over its own; an embedding program can capture output in files.
 */
public record Stdio(Path in, Path out, Path err) {
    public static final Stdio INHERIT = new Stdio(null, null, null);
}
