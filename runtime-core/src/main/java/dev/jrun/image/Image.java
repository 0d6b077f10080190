package dev.jrun.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image read from {@code source}: its name (first repo tag, else the archive's file name), how
 * to run it and its layers, bottom first.
 */
public record Image(Path source, String name, ImageConfig config, List<Layer> layers) {

    public Image {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
