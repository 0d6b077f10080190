package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image config, as the OCI image spec and docker (whose container image JSON it grew from) write
 * it; only what running the image needs is read.
 *
 * @param created RFC 3339 time, or null
 * @param config how to run the image, or null
 * @param rootfs the layers' diff_ids, or null
 * @param os the platform it is built for ({@code linux}), or null, with {@code architecture} and {@code variant}
 */
record ConfigJson(String created, RunConfig config, RootFs rootfs, String os, String architecture, String variant) {

    record RunConfig(@JsonProperty("Env") List<String> env, @JsonProperty("Entrypoint") List<String> entrypoint,
                     @JsonProperty("Cmd") List<String> cmd, @JsonProperty("WorkingDir") String workingDir,
                     @JsonProperty("User") String user, @JsonProperty("Labels") Map<String, String> labels) {
    }

    record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    }

    ImageConfig imageConfig() {
        return config == null ? ImageConfig.EMPTY : new ImageConfig(config.env, config.entrypoint, config.cmd,
                config.workingDir, config.user, config.labels);
    }

    /**
     * Fails unless the image is built for a platform that {@code wanted} runs; a config that names
     * no architecture passes, as docker lets it.
     */
    void checkPlatform(Path source, Platform wanted) throws ImageException {
        if (os == null || architecture == null) {
            return;
        }
        Platform own = new Platform(os, architecture, variant);
        if (!wanted.runs(own)) {
            throw ImageException.image(source, "is built for " + own + ", not " + wanted
                    + " (pick another image, or ask for it with --platform " + own + ")");
        }
    }

    /** The diff_ids, one per layer; the config {@code what} of {@code source} must list as many as there are layers. */
    List<Digest> diffIds(Path source, String what, int layers) throws ImageException {
        List<Digest> diffIds = rootfs == null || rootfs.diffIds == null ? List.of() : rootfs.diffIds;
        if (diffIds.size() != layers || diffIds.stream().anyMatch(Objects::isNull)) {
            throw ImageException.image(source, what + " lists " + diffIds.size() + " rootfs.diff_ids for " + layers
                    + " layers");
        }
        return diffIds;
    }
}
