package dev.jrun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.testimages.ArchiveOptions;
import dev.jrun.testimages.DockerArchiveWriter;
import dev.jrun.testimages.ImageSpec;
import dev.jrun.testimages.LayerEntry;
import dev.jrun.testimages.OciDescriptor;
import dev.jrun.testimages.OciLayoutWriter;
import dev.jrun.testimages.OciLayoutWriter.ImageBlobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveFormatTest {

    private static final List<List<LayerEntry>> LAYERS = List.of(
            List.of(LayerEntry.file("hello", 0644, "hi\n")),
            List.of(LayerEntry.file("second", 0644, "two\n")));

    @TempDir
    Path dir;

    @AfterEach
    void removeRootfs() throws IOException {
        TestArchives.empty(dir);
    }

    @Test
    void open_fillsIdCreatedAndDiffIdsFromTheConfig() throws Exception {
        Path archive = TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS);

        Image image = Images.open(archive);

        assertThat(image.id().hex() + ".json").isEqualTo(configEntry(archive));
        assertThat(image.created()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(image.layers()).allSatisfy(layer -> {
            assertThat(layer.blobDigest()).isNull();
            assertThat(layer.diffId().hex()).isEqualTo(TestArchives.sha256Hex(TestArchives.storedBytes(layer)));
        });
    }

    @Test
    void open_readsSkopeoStyleLayerNames() throws Exception {
        Path archive = TestArchives.write(dir, ArchiveOptions.PLAIN.skopeoNames(), LAYERS);
        Path rootfs = dir.resolve("rootfs");

        Image image = Images.open(archive);
        dev.jrun.layer.Layers.unpackFlat(image, rootfs);

        assertThat(image.layers())
                .allSatisfy(layer -> assertThat(layer.name()).isEqualTo(layer.diffId().hex() + ".tar"));
        assertThat(rootfs.resolve("hello")).hasContent("hi");
        assertThat(rootfs.resolve("second")).hasContent("two");
    }

    @Test
    void severalImages_arePickedByRepoTagOrTagAndListedWhenNoneIsPicked() throws Exception {
        Path archive = dir.resolve("images.tar");
        DockerArchiveWriter.write(List.of(
                new ImageSpec(List.of("busybox:1.36", "busybox:latest"), TestArchives.CONFIG, LAYERS),
                new ImageSpec("alpine:3.19", TestArchives.CONFIG, LAYERS.subList(0, 1))),
                ArchiveOptions.PLAIN, archive);

        assertThatThrownBy(() -> Images.open(archive)).hasMessage("image " + archive
                + ": holds 2 images, pick one with IMAGE.tar:TAG or --tag: busybox:1.36, busybox:latest, alpine:3.19");
        assertThat(Images.open(archive, ImageSelection.tag("latest")).name()).isEqualTo("busybox:latest");
        assertThat(Images.open(archive, ImageSelection.tag("busybox:1.36")).layers()).hasSize(2);
        Image alpine = Images.open(archive, ImageSelection.tag("docker.io/library/alpine:3.19"));
        assertThat(alpine.name()).isEqualTo("alpine:3.19");
        assertThat(alpine.layers()).hasSize(1);
        assertThatThrownBy(() -> Images.open(archive, ImageSelection.tag("3.20"))).hasMessage("image " + archive
                + ": has no image tagged 3.20 (it has busybox:1.36, busybox:latest, alpine:3.19)");
    }

    @Test
    void oneImage_aTagThatDoesNotMatchIsAnError() throws Exception {
        Path archive = TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS);

        assertThat(Images.open(archive, ImageSelection.tag("1")).name()).isEqualTo("test/image:1");
        assertThatThrownBy(() -> Images.open(archive, ImageSelection.tag("2")))
                .hasMessage("image " + archive + ": has no image tagged 2 (it has test/image:1)");
    }

    @Test
    void imageSavedById_isNamedByTheArchive() throws Exception {
        Path archive = dir.resolve("by-id.tar");
        DockerArchiveWriter.write(new ImageSpec(List.of(), TestArchives.CONFIG, LAYERS), ArchiveOptions.PLAIN, archive);

        assertThat(Images.open(archive).name()).isEqualTo("by-id.tar");
    }

    @Test
    void docker25Archive_isReadThroughItsManifestJson() throws Exception {
        OciLayoutWriter writer = new OciLayoutWriter();
        ImageBlobs blobs = writer.image(TestArchives.CONFIG, "linux/amd64", LAYERS, false);
        writer.add(blobs.manifest().withoutPlatform().withRefName("1.36")
                        .withAnnotation(OciDescriptor.CONTAINERD_NAME, "docker.io/library/busybox:1.36"))
                .addDockerManifest(blobs, List.of("busybox:1.36"));
        Path archive = dir.resolve("docker25.tar");
        writer.writeTar(archive);

        Image image = Images.open(archive, ImageSelection.tag("1.36"));

        assertThat(image.name()).isEqualTo("busybox:1.36");
        assertThat(image.id()).isEqualTo(Digest.parse(blobs.config().digest()));
        assertThat(image.layers()).extracting(Layer::name).containsExactlyElementsOf(
                blobs.layers().stream().map(layer -> "blobs/" + layer.digest().replace(':', '/')).toList());
        assertThat(image.layers()).extracting(Layer::diffId).containsExactlyElementsOf(
                blobs.layers().stream().map(layer -> Digest.parse(layer.digest())).toList());
    }

    @Test
    void configListingOtherThanOneDiffIdPerLayer_isRefused() throws Exception {
        byte[] config = "{\"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}}".getBytes(StandardCharsets.UTF_8);
        Path archive = TestArchives.tar(dir.resolve("image.tar"), files(
                "[{\"Config\": \"c.json\", \"RepoTags\": null, \"Layers\": [\"l.tar\"]}]", config));

        assertThatThrownBy(() -> Images.open(archive))
                .hasMessage("image " + archive + ": c.json lists 0 rootfs.diff_ids for 1 layers");
    }

    @Test
    void invalidManifestJson_namesTheField() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Path noConfig = TestArchives.tar(dir.resolve("no-config.tar"), files("[{\"Layers\": []}]", config));
        Path badLayers = TestArchives.tar(dir.resolve("bad-layers.tar"), files("[{\"Config\": \"c.json\", "
                + "\"Layers\": {\"a\": 1}}]", config));

        assertThatThrownBy(() -> Images.open(noConfig))
                .hasMessage("image " + noConfig + ": manifest.json: [0]: no Config");
        assertThatThrownBy(() -> Images.open(badLayers))
                .hasMessageStartingWith("image " + badLayers + ": manifest.json: [0].Layers: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void missingLayer_isNamed() throws Exception {
        byte[] config = ("{\"rootfs\": {\"diff_ids\": [\"sha256:" + "0".repeat(64) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        Path archive = TestArchives.tar(dir.resolve("image.tar"), Map.of(
                "manifest.json",
                "[{\"Config\": \"c.json\", \"Layers\": [\"gone.tar\"]}]".getBytes(StandardCharsets.UTF_8),
                "c.json", config));

        assertThatThrownBy(() -> Images.open(archive))
                .hasMessage("image " + archive + ": gone.tar named in manifest.json is missing");
    }

    /** manifest.json, the config c.json and an empty layer l.tar. */
    private static Map<String, byte[]> files(String manifest, byte[] config) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        files.put("c.json", config);
        files.put("l.tar", new byte[1024]);
        return files;
    }

    private static String configEntry(Path archive) throws IOException {
        try (TarFile tar = new TarFile(archive)) {
            return tar.getEntries().stream().map(TarArchiveEntry::getName)
                    .filter(name -> name.endsWith(".json") && !name.equals("manifest.json")).findFirst().orElseThrow();
        }
    }
}
