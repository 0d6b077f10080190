package dev.jrun.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The format of {@code docker save}, {@code podman save} and skopeo's {@code docker-archive:}: a tar
 * holding {@code manifest.json}, which lists each image's config JSON and layer tars by their paths
 * inside the same tar ({@code <id>/layer.tar}, {@code <diff_id>.tar} or, since docker 25,
 * {@code blobs/sha256/<hex>}), and its repo tags.
 */
public final class DockerArchiveFormat implements TarImageFormat {

    static final String MANIFEST = "manifest.json";

    @Override
    public boolean recognizes(TarEntries tar) {
        return tar.has(MANIFEST);
    }

    @Override
    public Image read(TarEntries tar, ImageSelection selection) throws ImageException {
        Path source = tar.source();
        FileRange manifestFile = tar.find(MANIFEST);
        if (manifestFile == null) {
            throw ImageException.image(source, "not a docker-archive (no " + MANIFEST + ")");
        }
        List<DockerArchiveJson.Manifest> images = Arrays.asList(ImageJson.read(source, MANIFEST, manifestFile,
                DockerArchiveJson.Manifest[].class));
        if (images.isEmpty() || images.contains(null)) {
            throw ImageException.image(source, MANIFEST + (images.isEmpty() ? " lists no image" : " lists a null"));
        }
        Tags.Picked<DockerArchiveJson.Manifest> picked = Tags.pick(source,
                images.stream().map(image -> new Tags.Tagged<>(image.repoTags(), image)).toList(), selection.tag());
        DockerArchiveJson.Manifest manifest = picked.image();
        byte[] configBytes = ImageJson.bytes(source, manifest.config(), file(tar, manifest.config()));
        ConfigJson config = ImageJson.parse(source, manifest.config(), configBytes, ConfigJson.class);
        config.checkPlatform(source, selection.platform());
        // No blob digest: a docker-archive names layers by path; the layer store checks them by their diff_ids.
        List<Digest> diffIds = config.diffIds(source, manifest.config(), manifest.layers().size());
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String name = manifest.layers().get(i);
            layers.add(file(tar, name).layer(name, null, diffIds.get(i)));
        }
        return new Image(source, Tags.name(source, picked.reference()), ImageJson.sha256(configBytes),
                config.imageConfig(), layers, config.created());
    }

    private static FileRange file(TarEntries tar, String name) throws ImageException {
        FileRange file = tar.find(name);
        if (file == null) {
            throw ImageException.image(tar.source(), name + " named in " + MANIFEST + " is missing");
        }
        return file;
    }
}
