package dev.jrun.image;

import dev.jrun.rootfs.FileErrors;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An image that cannot be read or unpacked. The message is one line naming the image or layer and
 * the cause, e.g. {@code image /x/y.tar: not a docker-archive (no manifest.json)}.
 */
public class ImageException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(printable(message));
    }

    public ImageException(String message, Throwable cause) {
        super(printable(message), cause);
    }

    /** Names from an archive may hold newlines or NULs; the message stays one printable line. */
    private static String printable(String message) {
        StringBuilder out = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    public static ImageException image(Path archive, String reason) {
        return new ImageException("image " + archive + ": " + reason);
    }

    public static ImageException image(Path archive, String reason, IOException cause) {
        return new ImageException("image " + archive + ": " + reason + ": " + FileErrors.describe(cause), cause);
    }

    public static ImageException layer(String layer, String reason) {
        return new ImageException("layer " + layer + ": " + reason);
    }

    public static ImageException layer(String layer, String reason, IOException cause) {
        return new ImageException("layer " + layer + ": " + reason + ": " + FileErrors.describe(cause), cause);
    }
}
