package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A format kept in one tar and told by the names of its entries, so that {@link Images} lists a
 * tar's entries once and asks every format about the same list.
 */
interface TarImageFormat extends ImageFormat {

    boolean recognizes(TarEntries tar);

    Image read(TarEntries tar, ImageSelection selection) throws ImageException;

    @Override
    default boolean recognizes(Path source) throws IOException {
        return TarProbe.isTar(source) && recognizes(TarEntries.list(source));
    }

    @Override
    default Image read(Path source, ImageSelection selection) throws ImageException {
        TarEntries tar;
        try {
            tar = TarEntries.list(source);
        } catch (IOException e) {
            throw ImageException.image(source, "cannot read archive", e);
        }
        return read(tar, selection);
    }
}
