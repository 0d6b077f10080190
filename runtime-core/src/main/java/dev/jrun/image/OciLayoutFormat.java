package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OCI image layout (image-spec v1), as a directory or a tar of one: {@code oci-layout},
 * {@code index.json} and the blobs under {@code blobs/<algorithm>/<hex>}, as skopeo, umoci, buildx
 * and {@code ctr export} write it. index.json leads through image indexes (multi-platform images,
 * nested to any depth) to an image manifest, which names the config and the layers.
 *
 * <p>The index, manifest and config read here are checked against their descriptors' size and
 * digest; layers are checked for presence and size only, the layer store hashes them as it unpacks.
 */
public final class OciLayoutFormat implements TarImageFormat {

    static final String LAYOUT = "oci-layout";
    static final String INDEX = "index.json";

    /** Real images nest one index in another at most; the limit stops an index that leads to itself. */
    private static final int MAX_INDEX_DEPTH = 8;

    @Override
    public boolean recognizes(Path source) throws IOException {
        return Files.isDirectory(source) ? Files.isRegularFile(source.resolve(LAYOUT))
                : TarImageFormat.super.recognizes(source);
    }

    @Override
    public boolean recognizes(TarEntries tar) {
        return tar.has(LAYOUT) && tar.has(INDEX);
    }

    @Override
    public Image read(Path source, ImageSelection selection) throws ImageException {
        if (!Files.isDirectory(source)) {
            return TarImageFormat.super.read(source, selection);
        }
        try {
            return readLayout(new LayoutDirectory(source), selection);
        } catch (IOException e) {
            throw ImageException.image(source, "cannot read", e);
        }
    }

    @Override
    public Image read(TarEntries tar, ImageSelection selection) throws ImageException {
        return readLayout(tar, selection);
    }

    private static Image readLayout(ArchiveFiles files, ImageSelection selection) throws ImageException {
        Path source = files.source();
        String version = ImageJson.read(source, LAYOUT, required(files, LAYOUT), OciJson.Layout.class)
                .imageLayoutVersion();
        if (!version.startsWith("1.")) {
            throw ImageException.image(source, LAYOUT + ": unsupported imageLayoutVersion " + version
                    + " (jrun reads 1.x)");
        }
        List<OciJson.Descriptor> entries = runnable(
                ImageJson.read(source, INDEX, required(files, INDEX), OciJson.Index.class).manifests());
        if (entries.isEmpty()) {
            throw ImageException.image(source, INDEX + " lists no image");
        }
        Tags.Picked<List<OciJson.Descriptor>> picked = Tags.pick(source, images(entries), selection.tag());
        OciJson.Descriptor manifest = imageManifest(files, picked.image(), selection.platform());
        return image(files, manifest, Tags.name(source, picked.reference()), selection.platform());
    }

    private static FileRange required(ArchiveFiles files, String name) throws ImageException {
        FileRange file = files.find(name);
        if (file == null) {
            throw ImageException.image(files.source(), "not an OCI layout (no " + name + ")");
        }
        return file;
    }

    /**
     * The images index.json lists, by the names its annotations give them. Docker 25+ lists an image
     * once per tag, so entries of one digest are one image; entries that share their names (usually
     * none) but not their digest are the platform variants of one image, listed without an index.
     */
    private static List<Tags.Tagged<List<OciJson.Descriptor>>> images(List<OciJson.Descriptor> entries) {
        Map<Digest, List<String>> names = new LinkedHashMap<>();
        Map<Digest, OciJson.Descriptor> byDigest = new LinkedHashMap<>();
        for (OciJson.Descriptor entry : entries) {
            byDigest.putIfAbsent(entry.digest(), entry);
            List<String> own = names.computeIfAbsent(entry.digest(), digest -> new ArrayList<>());
            Stream.of(OciJson.CONTAINERD_NAME, OciJson.REF_NAME).map(entry.annotations()::get)
                    .filter(name -> name != null && !name.isEmpty() && !own.contains(name)).forEach(own::add);
        }
        Map<List<String>, List<OciJson.Descriptor>> variants = new LinkedHashMap<>();
        byDigest.forEach((digest, entry) ->
                variants.computeIfAbsent(names.get(digest), key -> new ArrayList<>()).add(entry));
        return variants.entrySet().stream().map(image -> new Tags.Tagged<>(image.getKey(), image.getValue())).toList();
    }

    /** Follows image indexes from {@code entries}, the image picked in index.json, to its manifest for a platform. */
    private static OciJson.Descriptor imageManifest(ArchiveFiles files, List<OciJson.Descriptor> entries,
                                                    Platform platform) throws ImageException {
        String index = INDEX;
        List<OciJson.Descriptor> choices = entries;
        for (int depth = 0; depth < MAX_INDEX_DEPTH; depth++) {
            OciJson.Descriptor next = forPlatform(files.source(), choices, platform, index);
            if (OciMediaTypes.isManifest(next.mediaType())) {
                return next;
            }
            if (!OciMediaTypes.isIndex(next.mediaType())) {
                throw ImageException.image(files.source(), index + " names " + next.digest()
                        + " of unsupported media type " + next.mediaType());
            }
            index = "image index " + next.digest();
            choices = runnable(jsonBlob(files, next, index, OciJson.Index.class).manifests());
        }
        throw ImageException.image(files.source(), "image indexes nested more than " + MAX_INDEX_DEPTH + " deep");
    }

    /** The one choice, if it names no platform; else the one that runs on {@code platform}, an exact match first. */
    private static OciJson.Descriptor forPlatform(Path source, List<OciJson.Descriptor> choices, Platform platform,
                                                  String index) throws ImageException {
        if (choices.isEmpty()) {
            throw ImageException.image(source, index + " lists no image");
        }
        if (choices.size() == 1 && choices.get(0).platform() == null) {
            return choices.get(0);
        }
        List<OciJson.Descriptor> runs = choices.stream()
                .filter(choice -> choice.platform() != null && platform.runs(choice.platform().toPlatform())).toList();
        if (runs.isEmpty()) {
            throw ImageException.image(source, "has no " + platform + " variant (it has " + choices.stream()
                    .map(choice -> choice.platform() == null ? "a manifest without platform"
                            : choice.platform().toPlatform().toString())
                    .distinct().collect(Collectors.joining(", ")) + ")");
        }
        return runs.stream().filter(choice -> choice.platform().toPlatform().equals(platform)).findFirst()
                .orElse(runs.get(0));
    }

    private static List<OciJson.Descriptor> runnable(List<OciJson.Descriptor> manifests) {
        return manifests.stream().filter(manifest -> !manifest.isAttestation()).toList();
    }

    private static Image image(ArchiveFiles files, OciJson.Descriptor manifestDescriptor, String name,
                               Platform platform) throws ImageException {
        Path source = files.source();
        String what = "image manifest " + manifestDescriptor.digest();
        OciJson.Manifest manifest = jsonBlob(files, manifestDescriptor, what, OciJson.Manifest.class);
        OciJson.Descriptor configDescriptor = manifest.config();
        if (!OciMediaTypes.isImageConfig(configDescriptor.mediaType())) {
            throw ImageException.image(source, what + " is no container image (its config is "
                    + configDescriptor.mediaType() + ")");
        }
        String configWhat = "image config " + configDescriptor.digest();
        byte[] configBytes = verifiedBlob(files, configDescriptor, configWhat);
        ConfigJson config = ImageJson.parse(source, configWhat, configBytes, ConfigJson.class);
        config.checkPlatform(source, platform);
        List<Digest> diffIds = config.diffIds(source, configWhat, manifest.layers().size());
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            OciJson.Descriptor layer = manifest.layers().get(i);
            String problem = OciMediaTypes.layerProblem(layer.mediaType());
            if (problem != null) {
                throw ImageException.image(source, "layer " + layer.digest() + ": " + problem);
            }
            FileRange blob = blob(files, layer, "layer " + layer.digest());
            layers.add(blob.layer(blobPath(layer.digest()), layer.digest(), diffIds.get(i)));
        }
        return new Image(source, name, ImageJson.sha256(configBytes), config.imageConfig(), layers, config.created());
    }

    private static <T> T jsonBlob(ArchiveFiles files, OciJson.Descriptor descriptor, String what, Class<T> type)
            throws ImageException {
        return ImageJson.parse(files.source(), what, verifiedBlob(files, descriptor, what), type);
    }

    /** The bytes of a blob, checked against its descriptor: the size first, which is cheap, then the digest. */
    private static byte[] verifiedBlob(ArchiveFiles files, OciJson.Descriptor descriptor, String what)
            throws ImageException {
        byte[] bytes = ImageJson.bytes(files.source(), what, blob(files, descriptor, what));
        MessageDigest hasher = descriptor.digest().newHasher();
        hasher.update(bytes);
        if (!descriptor.digest().matches(hasher)) {
            throw ImageException.image(files.source(), what + " does not match its digest (the blob is damaged"
                    + " or was changed)");
        }
        return bytes;
    }

    /** The blob a descriptor points to, which messages call {@code what}; it must exist and have that size. */
    private static FileRange blob(ArchiveFiles files, OciJson.Descriptor descriptor, String what)
            throws ImageException {
        String path = blobPath(descriptor.digest());
        FileRange blob = files.find(path);
        if (blob == null) {
            throw ImageException.image(files.source(), what + " is missing (no " + path + ")");
        }
        if (blob.length() != descriptor.size()) {
            throw ImageException.image(files.source(), what + " has " + blob.length()
                    + " bytes where its descriptor says " + descriptor.size());
        }
        return blob;
    }

    /** Built from a validated {@link Digest}, never from the JSON's text, so it cannot leave blobs/. */
    private static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }
}
