package dev.jrun.testimages;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI content descriptor as {@link OciLayoutWriter} writes it into index.json and manifests. The
 * {@code with...} methods make the variants tests need, broken ones included (a wrong size, a
 * digest that is no digest).
 *
 * @param platform {@code architecture}, {@code os} and maybe {@code variant}; empty if unlabelled
 */
public record OciDescriptor(String mediaType, String digest, long size,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> platform) {

    /** The annotation skopeo and docker 25+ name an image of index.json by. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The annotation containerd (and docker 25+) name an image of index.json by. */
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    public OciDescriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        // Sorted so the JSON comes out the same every time.
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
        platform = Collections.unmodifiableMap(new LinkedHashMap<>(platform));
    }

    public OciDescriptor withAnnotation(String key, String value) {
        Map<String, String> more = new TreeMap<>(annotations);
        more.put(key, value);
        return new OciDescriptor(mediaType, digest, size, more, platform);
    }

    /** Named as skopeo names it, {@code org.opencontainers.image.ref.name}. */
    public OciDescriptor withRefName(String name) {
        return withAnnotation(REF_NAME, name);
    }

    /** Labelled with {@code os/architecture[/variant]}, as an image index labels its manifests. */
    public OciDescriptor withPlatform(String platform) {
        String[] parts = platform.split("/");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("architecture", parts[1]);
        fields.put("os", parts[0]);
        if (parts.length > 2) {
            fields.put("variant", parts[2]);
        }
        return new OciDescriptor(mediaType, digest, size, annotations, fields);
    }

    public OciDescriptor withoutPlatform() {
        return new OciDescriptor(mediaType, digest, size, annotations, Map.of());
    }

    public OciDescriptor withSize(long newSize) {
        return new OciDescriptor(mediaType, digest, newSize, annotations, platform);
    }

    public OciDescriptor withDigest(String newDigest) {
        return new OciDescriptor(mediaType, newDigest, size, annotations, platform);
    }

    public OciDescriptor withMediaType(String newMediaType) {
        return new OciDescriptor(newMediaType, digest, size, annotations, platform);
    }
}
