package dev.jrun.layer;

/** What a layer's whiteout entries become. */
public enum Whiteouts {
    /** Delete what they hide: the layers are applied one over another in a single directory. */
    APPLY,
    /**
     * Record them as overlayfs does: {@code .wh.NAME} becomes a 0:0 character device NAME, an
     * opaque directory gets {@code trusted.overlay.opaque=y} ({@code user.overlay.opaque} rootless, where
     * overlayfs is mounted with userxattr); each layer has a directory of its own.
     */
    OVERLAY
}
