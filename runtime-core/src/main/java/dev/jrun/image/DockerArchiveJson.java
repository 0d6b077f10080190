package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/** The JSON of a docker-archive's manifest.json, as {@code docker save}, skopeo and podman write it. */
final class DockerArchiveJson {

    private DockerArchiveJson() {
    }

    /**
     * One image of manifest.json: the paths of its config and layer tars inside the archive, and its tags.
     *
     * @param repoTags empty for an image saved by id
     */
    record Manifest(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                    @JsonProperty("Layers") List<String> layers) {

        Manifest {
            if (config == null) {
                throw new IllegalArgumentException("no Config");
            }
            if (layers != null && layers.contains(null)) {
                throw new IllegalArgumentException("Layers holds a null");
            }
            repoTags = repoTags == null ? List.of() : repoTags.stream().filter(Objects::nonNull).toList();
            layers = layers == null ? List.of() : List.copyOf(layers);
        }
    }
}
