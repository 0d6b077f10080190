package dev.jrun.image;

import java.util.Set;

/** The media types an OCI layout's descriptors may carry, OCI's and docker schema 2's, and which jrun reads. */
final class OciMediaTypes {

    private static final Set<String> INDEXES = Set.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Set<String> MANIFESTS = Set.of(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Set<String> CONFIGS = Set.of(
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.docker.container.image.v1+json");
    /** Layer.open tells the compression by the first bytes, so these need no further telling apart. */
    private static final Set<String> LAYERS = Set.of(
            "application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.diff.tar",
            "application/vnd.docker.image.rootfs.diff.tar.gzip");

    private OciMediaTypes() {
    }

    static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    static boolean isManifest(String mediaType) {
        return MANIFESTS.contains(mediaType);
    }

    static boolean isImageConfig(String mediaType) {
        return CONFIGS.contains(mediaType);
    }

    /** Why jrun cannot use a layer of {@code mediaType}, or null if it can. */
    static String layerProblem(String mediaType) {
        if (LAYERS.contains(mediaType)) {
            return null;
        }
        // Foreign layers (Windows base images) are fetched from elsewhere at pull time; a layout need not hold them.
        if (mediaType.contains("nondistributable") || mediaType.contains("foreign")) {
            return "a non-distributable layer (" + mediaType + "), which jrun does not run";
        }
        return "unsupported layer media type " + mediaType;
    }
}
