package dev.jrun.cli;

import dev.jrun.image.Image;
import dev.jrun.image.Platform;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import picocli.CommandLine.Option;

/** {@code --tag} and {@code --platform}: which image of an archive a command takes (a picocli mixin). */
final class ImagePick {
    @Option(names = "--tag", paramLabel = "TAG", description = "Pick this image of an archive that holds several.")
    String tag;

    @Option(names = "--platform", paramLabel = "OS/ARCH", converter = PlatformConverter.class,
            description = "Pick this platform's image from a multi-platform index (default: this host's).")
    Platform platform = Platform.host();

    /** The image {@code reference} names, picked as these options say. */
    Image find(Jrun jrun, String reference) throws JrunException {
        return jrun.findImage(reference, tag, platform);
    }
}
