package dev.jrun.layer;

import dev.jrun.image.Digest;
import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.image.Layer;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

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
                extract(layer, root, Whiteouts.APPLY, null);
            }
        } catch (SyscallException e) {
            throw ImageException.image(image.source(), "cannot open rootfs " + rootfs + ": " + e.getMessage());
        }
    }

    /** What applying one layer left: the extractor (for its leftovers), the tar's digest and size. */
    record Extracted(LayerExtractor extractor, Digest diffId, long size) {
    }

    /**
     * Applies one layer to {@code root}, then checks its digests; {@code progress} (may be null)
     * hears how many stored bytes are read.
     */
    static Extracted extract(Layer layer, RootDir root, Whiteouts whiteouts, LongConsumer progress)
            throws ImageException {
        LayerExtractor extractor = new LayerExtractor(layer.name(), root, whiteouts);
        try (LayerStream in = LayerStream.open(layer, progress)) {
            extractor.extract(in.tar());
            return new Extracted(extractor, in.verify(), in.tarSize());
        } catch (IOException e) {
            throw ImageException.layer(layer.name(), "cannot read", e);
        }
    }
}
