package dev.jrun.image;

import java.util.List;
import java.util.Map;

/**
 * The JSON of an OCI image layout (image-spec v1): the oci-layout file, image indexes (index.json
 * and docker manifest lists), image manifests and the descriptors that link them. A record's
 * constructor rejects what the spec requires and the document lacks.
 */
final class OciJson {

    /** Annotations naming the image a descriptor of index.json points to. */
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** Marks buildx's attestation manifests (SBOM, provenance), which are no runnable image. */
    static final String REFERENCE_TYPE = "vnd.docker.reference.type";

    private OciJson() {
    }

    record Layout(String imageLayoutVersion) {

        Layout {
            if (imageLayoutVersion == null) {
                throw new IllegalArgumentException("no imageLayoutVersion");
            }
        }
    }

    /** An image index; docker 25 wrote {@code "manifests": null} for an empty one. */
    record Index(String mediaType, List<Descriptor> manifests) {

        Index {
            manifests = nonNull(manifests, "manifests");
        }
    }

    record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) {

        Manifest {
            if (config == null) {
                throw new IllegalArgumentException("no config");
            }
            layers = nonNull(layers, "layers");
        }
    }

    /**
     * A pointer to a blob: its media type, digest and size.
     *
     * @param platform only on the manifests of an image index, and optional there
     */
    record Descriptor(String mediaType, Digest digest, Long size, Map<String, String> annotations,
                      PlatformJson platform) {

        Descriptor {
            if (mediaType == null || digest == null || size == null) {
                throw new IllegalArgumentException("no " + (mediaType == null ? "mediaType" : digest == null ? "digest"
                        : "size"));
            }
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
            annotations = annotations == null ? Map.of() : annotations;
        }

        /** A buildx attestation (platform unknown/unknown, or marked as referring to another manifest). */
        boolean isAttestation() {
            return annotations.containsKey(REFERENCE_TYPE)
                    || platform != null && "unknown".equals(platform.os) && "unknown".equals(platform.architecture);
        }
    }

    record PlatformJson(String architecture, String os, String variant) {

        PlatformJson {
            if (architecture == null || os == null) {
                throw new IllegalArgumentException("no " + (os == null ? "os" : "architecture"));
            }
        }

        Platform toPlatform() {
            return new Platform(os, architecture, variant);
        }
    }

    private static <T> List<T> nonNull(List<T> list, String field) {
        if (list != null && list.contains(null)) {
            throw new IllegalArgumentException(field + " holds a null");
        }
        return list == null ? List.of() : List.copyOf(list);
    }
}
