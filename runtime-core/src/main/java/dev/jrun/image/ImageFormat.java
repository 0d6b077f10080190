package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Path;

/** One way images are stored on disk (docker-archive now; an OCI layout can be added beside it). */
public interface ImageFormat {

    /** Whether {@code archive} looks like this format, judged by its content, not its name. */
    boolean recognizes(Path archive) throws IOException;

    Image read(Path archive) throws ImageException;
}
