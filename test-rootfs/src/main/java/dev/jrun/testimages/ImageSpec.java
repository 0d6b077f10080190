package dev.jrun.testimages;

import java.util.List;
import java.util.Objects;

/** What {@link DockerArchiveWriter} writes: a tag, a run configuration and the layers, bottom first. */
public record ImageSpec(String repoTag, ConfigSpec config, List<List<LayerEntry>> layers) {

    public ImageSpec {
        Objects.requireNonNull(repoTag, "repoTag");
        Objects.requireNonNull(config, "config");
        layers = layers.stream().map(List::copyOf).toList();
    }
}
