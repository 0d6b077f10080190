package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain root filesystem in a tar, as {@code docker export} writes it: one layer, the whole file,
 * and no config, so the image runs {@code /bin/sh} with the usual PATH. Any tar counts, so
 * {@link Images} asks this format last; it refuses a tar that looks like a docker-archive or OCI
 * layout missing its index, which is a broken image rather than a root filesystem.
 */
public final class RootfsTarFormat implements TarImageFormat {

    static final ImageConfig CONFIG = new ImageConfig(
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of("/bin/sh"),
            null, null, null);

    /** Entries of a docker-archive: layer dirs and configs named by digest, the legacy repositories file. */
    private static final Pattern DOCKER_ARCHIVE_ENTRY =
            Pattern.compile("[0-9a-f]{64}(/layer\\.tar|\\.json|\\.tar)|repositories");

    @Override
    public boolean recognizes(TarEntries tar) {
        return true;
    }

    @Override
    public Image read(TarEntries tar, ImageSelection selection) throws ImageException {
        Path source = tar.source();
        String broken = brokenImage(tar);
        if (broken != null) {
            throw ImageException.image(source, broken);
        }
        String name = source.getFileName().toString();
        if (selection.tag() != null) {
            throw ImageException.image(source, "has no image tagged " + selection.tag()
                    + " (a plain rootfs tar has no tags)");
        }
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw ImageException.image(source, "cannot read", e);
        }
        Layer layer = new Layer(name, source, 0, size, null, null);
        return new Image(source, name, null, CONFIG, List.of(layer), null);
    }

    /** What a tar that looks like an image archive lacks, or null if it looks like none. */
    private static String brokenImage(TarEntries tar) {
        boolean hasLayout = tar.has(OciLayoutFormat.LAYOUT);
        if (hasLayout || tar.has(OciLayoutFormat.INDEX) && tar.names().stream().anyMatch(n -> n.startsWith("blobs/"))) {
            return "not an OCI layout (no " + (hasLayout ? OciLayoutFormat.INDEX : OciLayoutFormat.LAYOUT) + ")";
        }
        if (tar.names().stream().anyMatch(name -> DOCKER_ARCHIVE_ENTRY.matcher(name).matches())) {
            return "not a docker-archive (no " + DockerArchiveFormat.MANIFEST + ")";
        }
        return null;
    }
}
