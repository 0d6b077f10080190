package dev.jrun.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image as a command line names it, {@code IMAGE.tar} or {@code IMAGE.tar:TAG}: the archive (a
 * file, or an OCI layout directory) and the tag to pick from it.
 *
 * @param tag null when the argument names the archive alone
 * @see Images#splitReference(String)
 */
public record ArchiveReference(Path archive, String tag) {

    public ArchiveReference {
        Objects.requireNonNull(archive, "archive");
    }

    /** What to read from the archive: the image of this tag (or its only one) for {@code platform}. */
    public ImageSelection selection(Platform platform) {
        return new ImageSelection(tag, platform);
    }
}
