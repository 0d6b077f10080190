package dev.jrun.launch;

import java.util.List;

/**
 * The container's first process.
 *
 * @param executable absolute path inside the container, already resolved against its PATH
 * @param argv argv, argv[0] first
 * @param env {@code KEY=VALUE} entries
 * @param cwd absolute working directory inside the container
 */
public record ProcessSpec(String executable, List<String> argv, List<String> env, String cwd) {
    public ProcessSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        if (!executable.startsWith("/") || !cwd.startsWith("/")) {
            throw new IllegalArgumentException("executable and cwd must be absolute: " + executable + ", " + cwd);
        }
    }
}
