package dev.jrun.image;

import dev.jrun.linux.Arch;
import java.util.Objects;

/**
 * An OCI platform, {@code os/architecture[/variant]} in Go's names ({@code linux/amd64},
 * {@code linux/arm64/v8}), as image indexes label their manifests.
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
    }

    /** The platform this JVM runs on: linux and amd64 or arm64. */
    public static Platform host() {
        return new Platform("linux", Arch.current().ociName(), "");
    }

    /** Parses {@code os/arch[/variant]}, as {@code --platform} takes it. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("invalid platform " + text + " (want OS/ARCH[/VARIANT], e.g. linux/arm64)");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /**
     * Whether an image for {@code other} runs here: same os and architecture, and the same variant
     * unless either leaves it out (arm64 images are mostly labelled v8 or nothing).
     */
    public boolean runs(Platform other) {
        return os.equals(other.os) && architecture.equals(other.architecture)
                && (variant.isEmpty() || other.variant.isEmpty() || variant.equals(other.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
