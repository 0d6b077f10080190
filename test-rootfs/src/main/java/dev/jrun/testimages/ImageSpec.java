package dev.jrun.testimages;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DockerArchiveWriter} writes: the repo tags (none for an image saved by id), a run
 * configuration, the layers, bottom first, and the OCI architecture its config names ({@code arm64}).
 */
public record ImageSpec(List<String> repoTags, ConfigSpec config, List<List<LayerEntry>> layers,
                        String architecture) {

    public ImageSpec {
        repoTags = List.copyOf(repoTags);
        Objects.requireNonNull(config, "config");
        layers = layers.stream().map(List::copyOf).toList();
        Objects.requireNonNull(architecture, "architecture");
    }

    /** An image for the build machine's architecture. */
    public ImageSpec(List<String> repoTags, ConfigSpec config, List<List<LayerEntry>> layers) {
        this(repoTags, config, layers, DockerArchiveWriter.architecture());
    }

    /** An image with one repo tag, for the build machine's architecture. */
    public ImageSpec(String repoTag, ConfigSpec config, List<List<LayerEntry>> layers) {
        this(List.of(Objects.requireNonNull(repoTag, "repoTag")), config, layers);
    }
}
