package dev.jrun.testimages;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The run configuration an image carries ("config" in the image config JSON). */
public record ConfigSpec(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir, String user,
                         Map<String, String> labels) {

    public ConfigSpec {
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        // Sorted so the JSON comes out the same every build.
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
