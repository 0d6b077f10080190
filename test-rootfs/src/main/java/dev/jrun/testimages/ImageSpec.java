package dev.jrun.testimages;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DockerArchiveWriter} writes: the repo tags (none for an image saved by id), a run
 * configuration and the layers, bottom first.
 */
public record ImageSpec(List<String> repoTags, ConfigSpec config, List<List<LayerEntry>> layers) {

    public ImageSpec {
        repoTags = List.copyOf(repoTags);
        Objects.requireNonNull(config, "config");
        layers = layers.stream().map(List::copyOf).toList();
    }

    /** An image with one repo tag. */
    public ImageSpec(String repoTag, ConfigSpec config, List<List<LayerEntry>> layers) {
        this(List.of(Objects.requireNonNull(repoTag, "repoTag")), config, layers);
    }
}
