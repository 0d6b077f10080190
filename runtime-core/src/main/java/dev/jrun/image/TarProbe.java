package dev.jrun.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;

/** Tells a tar file by its first header block, whatever the file is called. */
final class TarProbe {

    private TarProbe() {
    }

    static boolean isTar(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(TarConstants.DEFAULT_RCDSIZE);
        }
        // The header checksum catches text and other formats; the magic alone would miss v7 tars.
        return header.length == TarConstants.DEFAULT_RCDSIZE && TarUtils.verifyCheckSum(header);
    }
}
