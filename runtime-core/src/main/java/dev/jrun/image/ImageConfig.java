package dev.jrun.image;

import java.util.List;
import java.util.Map;

/** How an image wants to be run; absent fields are empty, never null. */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user,
                          Map<String, String> labels) {

    public static final ImageConfig EMPTY = new ImageConfig(null, null, null, null, null, null);

    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
