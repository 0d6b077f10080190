package dev.jrun.testimages;

import java.util.List;

/** The JSON shapes of an OCI image layout, as {@link OciLayoutWriter} writes them; keys keep declaration order. */
final class OciLayoutJson {

    static final int SCHEMA_VERSION = 2;

    private OciLayoutJson() {
    }

    record Layout(String imageLayoutVersion) {
    }

    record Index(int schemaVersion, String mediaType, List<OciDescriptor> manifests) {
    }

    record Manifest(int schemaVersion, String mediaType, OciDescriptor config, List<OciDescriptor> layers) {
    }
}
