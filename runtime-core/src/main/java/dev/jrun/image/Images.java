package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens image archives of any supported format and unpacks them into a rootfs directory. */
public final class Images {

    private static final List<ImageFormat> FORMATS = List.of(new DockerArchiveFormat());

    private Images() {
    }

    /** Reads the image in {@code archive}, whose format is told by its content. */
    public static Image open(Path archive) throws ImageException {
        return open(archive, ImageSelection.host());
    }

    /** Reads the image {@code selection} picks from {@code archive}. */
    public static Image open(Path archive, ImageSelection selection) throws ImageException {
        if (!Files.exists(archive)) {
            throw ImageException.image(archive, "no such file");
        }
        if (Files.isDirectory(archive)) {
            throw ImageException.image(archive, "is a directory, not an image archive");
        }
        try {
            for (ImageFormat format : FORMATS) {
                if (format.recognizes(archive)) {
                    return format.read(archive, selection);
                }
            }
            String compression = TarProbe.compression(archive);
            if (compression != null) {
                throw ImageException.image(archive, "a " + compression + "-compressed file: decompress it first"
                        + " (jrun reads the image archive's tar itself)");
            }
        } catch (IOException e) {
            throw ImageException.image(archive, "cannot read", e);
        }
        // Every supported format is a tar, so a file none of them recognizes is not one.
        throw ImageException.image(archive, "not an image archive (not a tar file)");
    }
}
