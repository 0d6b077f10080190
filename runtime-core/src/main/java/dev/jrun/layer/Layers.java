package dev.jrun.layer;

import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.image.Layer;
import dev.jrun.image.LayerUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Unpacking whole images outside the layer store. */
public final class Layers {

    private Layers() {
    }

    /**
     * Applies the layers of {@code image} in order to one directory, {@code rootfs}, creating it if
     * needed: whiteouts delete what they hide. Nothing is written outside {@code rootfs}; after a
     * failure it holds a partial tree for the caller to remove.
     */
    public static void unpackFlat(Image image, Path rootfs) throws ImageException {
        try {
            Files.createDirectories(rootfs);
        } catch (IOException e) {
            throw new ImageException("image " + image.source() + ": cannot create rootfs: " + e.getMessage(), e);
        }
        for (Layer layer : image.layers()) {
            LayerUnpacker.unpack(layer, rootfs);
        }
    }
}
