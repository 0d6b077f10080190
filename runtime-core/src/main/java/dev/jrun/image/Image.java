package dev.jrun.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An image read from {@code source}: its name, id, how to run it and its layers, bottom first.
 *
 * @param name the repo tag it was picked by or its first one ({@code busybox:latest}), else the
 *             archive's file name
 * @param id the digest of its config JSON, as {@code docker images} shows it; null for a plain
 *           rootfs tar, which has no config
 * @param created the config's {@code created} time (RFC 3339), or "" if it has none
 */
public record Image(Path source, String name, Digest id, ImageConfig config, List<Layer> layers, String created) {

    public Image {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        created = created == null ? "" : created;
    }
}
