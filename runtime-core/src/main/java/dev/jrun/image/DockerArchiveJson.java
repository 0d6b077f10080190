package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a docker-archive as {@code docker save} writes them; unknown keys are ignored. */
final class DockerArchiveJson {

    private DockerArchiveJson() {
    }

    /** One element of manifest.json. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Manifest(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                    @JsonProperty("Layers") List<String> layers) {
    }

    /** The image config file; only the part that says how to run the image is read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Config(@JsonProperty("config") RunConfig config) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RunConfig(@JsonProperty("Env") List<String> env, @JsonProperty("Entrypoint") List<String> entrypoint,
                     @JsonProperty("Cmd") List<String> cmd, @JsonProperty("WorkingDir") String workingDir,
                     @JsonProperty("User") String user, @JsonProperty("Labels") Map<String, String> labels) {

        ImageConfig toImageConfig() {
            return new ImageConfig(env, entrypoint, cmd, workingDir, user, labels);
        }
    }
}
