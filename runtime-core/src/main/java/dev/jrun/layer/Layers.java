package dev.jrun.layer;

import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.image.Layer;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Unpacking whole images into one directory, outside the layer store. */
public final class Layers {

    private Layers() {
    }

    /**
     * Applies the layers of {@code image} in order to one directory, {@code rootfs}, creating it if
     * needed: whiteouts delete what they hide, and each layer's digests are checked. Nothing is
     * written outside {@code rootfs}; after a failure it holds a partial tree for the caller to remove.
     */
    public static void unpackFlat(Image image, Path rootfs) throws ImageException {
        unpackFlat(new LinuxSyscalls(), image, rootfs);
    }

    static void unpackFlat(Syscalls sys, Image image, Path rootfs) throws ImageException {
        try {
            Files.createDirectories(rootfs);
        } catch (IOException e) {
            throw ImageException.image(image.source(), "cannot create rootfs", e);
        }
        try (RootDir root = new RootDir(sys, rootfs)) {
            for (Layer layer : image.layers()) {
                extract(layer, root, Whiteouts.APPLY);
            }
        } catch (SyscallException e) {
            throw ImageException.image(image.source(), "cannot open rootfs " + rootfs + ": " + e.getMessage());
        }
    }

    /** Applies one layer to {@code root}, then checks its digests; returns the extractor for its leftovers. */
    static LayerExtractor extract(Layer layer, RootDir root, Whiteouts whiteouts) throws ImageException {
        LayerExtractor extractor = new LayerExtractor(layer.name(), root, whiteouts);
        try (LayerStream in = LayerStream.open(layer, null)) {
            extractor.extract(in.tar());
            in.verify();
        } catch (IOException e) {
            throw ImageException.layer(layer.name(), "cannot read", e);
        }
        return extractor;
    }
}
