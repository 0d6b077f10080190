package dev.jrun.testimages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an OCI image layout (image-spec v1.1), as a directory or a tar: images, image indexes and
 * raw blobs are added one by one, and index.json lists the descriptors given to {@link #add}. With
 * {@link #addDockerManifest} the tar also gets docker's manifest.json, as {@code docker save} 25+
 * writes it. Blobs can be replaced or removed afterwards to make broken layouts. The same inputs
 * always give the same bytes.
 */
public final class OciLayoutWriter {

    public static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
    public static final String LAYER_GZIP_TYPE = LAYER_TYPE + "+gzip";

    /** Blob bytes by digest ({@code sha256:<hex>}). */
    private final Map<String, byte[]> blobs = new TreeMap<>();
    private final List<OciDescriptor> index = new ArrayList<>();
    private final List<ArchiveJson.Manifest> dockerManifest = new ArrayList<>();
    private String layoutVersion = "1.0.0";

    /** Stores {@code bytes} as a blob of {@code mediaType}. */
    public OciDescriptor blob(String mediaType, byte[] bytes) {
        String digest = "sha256:" + DockerArchiveWriter.sha256(bytes);
        blobs.put(digest, bytes.clone());
        return new OciDescriptor(mediaType, digest, bytes.length, Map.of(), Map.of());
    }

    /**
     * The blobs of one image.
     *
     * @param manifest labelled with the image's platform, as an image index lists it
     */
    public record ImageBlobs(OciDescriptor manifest, OciDescriptor config, List<OciDescriptor> layers) {

        public ImageBlobs {
            layers = List.copyOf(layers);
        }
    }

    /**
     * Stores an image for {@code platform} ({@code linux/amd64}): its layers, gzip-compressed if asked,
     * its config and its manifest.
     */
    public ImageBlobs image(ConfigSpec config, String platform, List<List<LayerEntry>> layers, boolean gzip)
            throws IOException {
        List<OciDescriptor> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (List<LayerEntry> layer : layers) {
            byte[] tar = Tars.write(layer);
            diffIds.add("sha256:" + DockerArchiveWriter.sha256(tar));
            layerDescriptors.add(gzip ? blob(LAYER_GZIP_TYPE, DockerArchiveWriter.gzip(tar)) : blob(LAYER_TYPE, tar));
        }
        OciDescriptor configDescriptor = blob(CONFIG_TYPE,
                DockerArchiveWriter.configJson(config, platform.split("/")[1], diffIds));
        return new ImageBlobs(manifest(configDescriptor, layerDescriptors).withPlatform(platform), configDescriptor,
                layerDescriptors);
    }

    /** Stores an image manifest naming {@code config} and {@code layers}. */
    public OciDescriptor manifest(OciDescriptor config, List<OciDescriptor> layers) throws IOException {
        return json(MANIFEST_TYPE, new OciLayoutJson.Manifest(OciLayoutJson.SCHEMA_VERSION, MANIFEST_TYPE, config,
                layers));
    }

    /** Stores an image index listing {@code manifests}. */
    public OciDescriptor index(List<OciDescriptor> manifests) throws IOException {
        return json(INDEX_TYPE, new OciLayoutJson.Index(OciLayoutJson.SCHEMA_VERSION, INDEX_TYPE, manifests));
    }

    /** Lists {@code descriptor} in index.json. */
    public OciLayoutWriter add(OciDescriptor descriptor) {
        index.add(descriptor);
        return this;
    }

    /** Lists {@code image} in a docker manifest.json as well. */
    public OciLayoutWriter addDockerManifest(ImageBlobs image, List<String> repoTags) {
        dockerManifest.add(new ArchiveJson.Manifest(path(image.config().digest()), repoTags,
                image.layers().stream().map(layer -> path(layer.digest())).toList()));
        return this;
    }

    /** Writes {@code bytes} where the blob {@code digest} goes, whatever their own digest. */
    public OciLayoutWriter replaceBlob(String digest, byte[] bytes) {
        blobs.put(digest, bytes.clone());
        return this;
    }

    public OciLayoutWriter removeBlob(String digest) {
        blobs.remove(digest);
        return this;
    }

    public OciLayoutWriter layoutVersion(String version) {
        layoutVersion = version;
        return this;
    }

    /** Writes the layout into {@code dir}, which may exist. */
    public void writeDirectory(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }

    /** Writes the layout as a tar, as skopeo's {@code oci-archive:} does. */
    public void writeTar(Path out) throws IOException {
        Map<String, LayerEntry> entries = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : files().entrySet()) {
            String name = file.getKey();
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                entries.put(name.substring(0, slash), LayerEntry.directory(name.substring(0, slash), 0755));
            }
            entries.put(name, LayerEntry.file(name, 0644, file.getValue()));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, Tars.write(List.copyOf(entries.values())));
    }

    /** Every file of the layout by its path. */
    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("oci-layout", ArchiveJson.MAPPER.writeValueAsBytes(new OciLayoutJson.Layout(layoutVersion)));
        files.put("index.json", ArchiveJson.MAPPER.writeValueAsBytes(
                new OciLayoutJson.Index(OciLayoutJson.SCHEMA_VERSION, INDEX_TYPE, index)));
        if (!dockerManifest.isEmpty()) {
            files.put("manifest.json", ArchiveJson.MAPPER.writeValueAsBytes(dockerManifest));
        }
        blobs.forEach((digest, bytes) -> files.put(path(digest), bytes));
        return files;
    }

    private OciDescriptor json(String mediaType, Object document) throws IOException {
        return blob(mediaType, ArchiveJson.MAPPER.writeValueAsBytes(document));
    }

    private static String path(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }
}
