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
        try {
            return header.length == TarConstants.DEFAULT_RCDSIZE && TarUtils.verifyCheckSum(header);
        } catch (IllegalArgumentException notOctal) {
            return false; // the checksum field holds no number: compressed or binary data
        }
    }

    /** The name of the compression {@code file} starts with ("gzip", ...), or null. */
    static String compression(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(6);
        }
        if (startsWith(head, 0x1f, 0x8b)) {
            return "gzip";
        } else if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd";
        } else if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "xz";
        } else if (startsWith(head, 'B', 'Z', 'h')) {
            return "bzip2";
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
