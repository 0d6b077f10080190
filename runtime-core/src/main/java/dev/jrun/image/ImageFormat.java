package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Path;

/** One way images are stored on disk: docker-archive, OCI layout (directory or tar), plain rootfs tar. */
public interface ImageFormat {

    /** Whether {@code source} looks like this format, judged by its content, not its name. */
    boolean recognizes(Path source) throws IOException;

    /** Reads the image {@code selection} picks; fails listing the choices if it picks none or several. */
    Image read(Path source, ImageSelection selection) throws ImageException;
}
