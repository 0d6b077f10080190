package dev.jrun.testimages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a docker-archive, as {@code docker save} writes them; keys keep declaration order. */
final class ArchiveJson {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ArchiveJson() {
    }

    /** One element of manifest.json. */
    record Manifest(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                    @JsonProperty("Layers") List<String> layers) {
    }

    /** The image config file, named by its own sha256. */
    record Config(String architecture, String os, String created, RunConfig config,
                  RootFs rootfs) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record RunConfig(@JsonProperty("Env") List<String> env, @JsonProperty("Entrypoint") List<String> entrypoint,
                     @JsonProperty("Cmd") List<String> cmd, @JsonProperty("WorkingDir") String workingDir,
                     @JsonProperty("User") String user, @JsonProperty("Labels") Map<String, String> labels) {
    }

    record RootFs(String type, @JsonProperty("diff_ids") List<String> diffIds) {
    }
}
