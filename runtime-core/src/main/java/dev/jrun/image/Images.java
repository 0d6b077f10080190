package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens images of any supported format, told by content, never by name: a docker-archive, an OCI
 * layout (directory or tar), or a plain rootfs tar.
 */
public final class Images {

    private static final OciLayoutFormat OCI_LAYOUT = new OciLayoutFormat();

    /**
     * The formats a tar may hold, asked in this order. Docker 25+ writes a tar that is both a
     * docker-archive and an OCI layout; its manifest.json is read, as {@code docker load} does,
     * because docker's index.json has been incomplete in some releases. The rootfs tar takes any tar,
     * so it comes last.
     */
    private static final List<TarImageFormat> TAR_FORMATS =
            List.of(new DockerArchiveFormat(), OCI_LAYOUT, new RootfsTarFormat());

    private Images() {
    }

    /** Reads the image in {@code archive}, the only one it holds, for this host's platform. */
    public static Image open(Path archive) throws ImageException {
        return open(archive, ImageSelection.host());
    }

    /** Reads the image {@code selection} picks from {@code archive}, a file or an OCI layout directory. */
    public static Image open(Path archive, ImageSelection selection) throws ImageException {
        if (!Files.exists(archive)) {
            throw ImageException.image(archive, "no such file");
        }
        try {
            if (Files.isDirectory(archive)) {
                if (!OCI_LAYOUT.recognizes(archive)) {
                    throw ImageException.image(archive, "is a directory, not an image archive (nor an OCI layout:"
                            + " no " + OciLayoutFormat.LAYOUT + " file)");
                }
                return OCI_LAYOUT.read(archive, selection);
            }
            if (!TarProbe.isTar(archive)) {
                String compression = TarProbe.compression(archive);
                throw ImageException.image(archive, compression == null ? "not an image archive (not a tar file)"
                        : "a " + compression + "-compressed file: decompress it first"
                        + " (jrun reads the image archive's tar itself)");
            }
            TarEntries tar = TarEntries.list(archive);
            for (TarImageFormat format : TAR_FORMATS) {
                if (format.recognizes(tar)) {
                    return format.read(tar, selection);
                }
            }
            throw new IllegalStateException("the rootfs tar format takes any tar");
        } catch (IOException e) {
            throw ImageException.image(archive, "cannot read", e);
        }
    }

    /**
     * Splits an image named on a command line into the archive and the tag: {@code busybox.tar:1.36}
     * is {@code busybox.tar} and tag {@code 1.36}. The argument is taken whole if a file or directory
     * of that name exists (so archive names may hold ':'); otherwise it is cut at the last ':' that
     * leaves an existing file or directory before it, so the tag may hold ':' too
     * ({@code images.tar:busybox:1.36}, {@code images.tar:localhost:5000/app:1}). If no cut does, it
     * is taken whole, and opening it reports the missing file.
     */
    public static ArchiveReference splitReference(String argument) {
        Path whole = Path.of(argument);
        if (!Files.exists(whole)) {
            for (int colon = argument.lastIndexOf(':'); colon > 0; colon = argument.lastIndexOf(':', colon - 1)) {
                Path archive = Path.of(argument.substring(0, colon));
                if (colon < argument.length() - 1 && Files.exists(archive)) {
                    return new ArchiveReference(archive, argument.substring(colon + 1));
                }
            }
        }
        return new ArchiveReference(whole, null);
    }
}
