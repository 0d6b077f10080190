package dev.jrun.image;

import java.util.Objects;

/**
 * Which image to take from an archive that may hold several: by tag ({@code IMAGE.tar:TAG} or
 * {@code --tag}), and from a multi-platform index, the manifest for {@code platform}.
 *
 * @param tag a full repo tag ({@code busybox:1.36}) or just its tag part ({@code 1.36}); null picks
 *            the only image and fails, listing them, if there are several
 */
public record ImageSelection(String tag, Platform platform) {

    public ImageSelection {
        Objects.requireNonNull(platform, "platform");
    }

    /** The only image of the archive, for this host's platform. */
    public static ImageSelection host() {
        return new ImageSelection(null, Platform.host());
    }

    public static ImageSelection tag(String tag) {
        return new ImageSelection(tag, Platform.host());
    }
}
