package dev.jrun.rootfs;

import java.util.Locale;

/** How a container's rootfs is made from the image's stored layers. */
public enum RootfsMode {
    /** {@link #OVERLAY}, or {@link #COPY} where overlayfs cannot be mounted (said once, in -v output). */
    AUTO,
    /** An overlay mount: nothing is copied, the container's changes go to its own upper directory. */
    OVERLAY,
    /** The layers copied one over another into the container's directory: slower, works anywhere. */
    COPY;

    /** {@code -Djrun.rootfs=copy} (or overlay) forces one way, for tests and odd filesystems. */
    public static RootfsMode fromSystemProperty() {
        return valueOf(System.getProperty("jrun.rootfs", "auto").toUpperCase(Locale.ROOT));
    }
}
