package dev.jrun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.testimages.ConfigSpec;
import dev.jrun.testimages.LayerEntry;
import dev.jrun.testimages.OciDescriptor;
import dev.jrun.testimages.OciLayoutWriter;
import dev.jrun.testimages.OciLayoutWriter.ImageBlobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutFormatTest {

    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");
    private static final List<List<LayerEntry>> LAYERS = List.of(
            List.of(LayerEntry.file("hello", 0644, "hi\n")),
            List.of(LayerEntry.file("second", 0644, "two\n")));

    @TempDir
    Path dir;

    private final OciLayoutWriter writer = new OciLayoutWriter();
    private int images;

    @AfterEach
    void removeRootfs() throws IOException {
        TestArchives.empty(dir);
    }

    @Test
    void directory_givesLayersAsBlobFilesWithBlobDigestsAndDiffIds() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        writer.add(blobs.manifest().withoutPlatform().withRefName("1.0"));
        Path layout = directory();

        Image image = open(layout, null, AMD64);

        assertThat(image.name()).isEqualTo("layout:1.0");
        assertThat(image.id()).isEqualTo(Digest.parse(blobs.config().digest()));
        assertThat(image.created()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(image.config().cmd()).containsExactly("/bin/sh");
        assertThat(image.layers()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Layer layer = image.layers().get(i);
            Digest blob = Digest.parse(blobs.layers().get(i).digest());
            assertThat(layer.blobDigest()).isEqualTo(blob);
            assertThat(layer.name()).isEqualTo("blobs/sha256/" + blob.hex());
            assertThat(layer.file()).isEqualTo(layout.resolve(layer.name()).toRealPath());
            assertThat(layer.offset()).isZero();
            assertThat(layer.length()).isEqualTo(Files.size(layer.file()));
            assertThat(layer.diffId().hex()).isEqualTo(TestArchives.sha256Hex(gunzip(TestArchives.storedBytes(layer))));
        }
    }

    @Test
    void tar_givesLayersAsEntriesOfTheTar() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        writer.add(blobs.manifest().withRefName("1.0"));
        Path archive = dir.resolve("layout.tar");
        writer.writeTar(archive);

        Image image = open(archive, "1.0", AMD64);

        assertThat(image.name()).isEqualTo("layout.tar:1.0");
        assertThat(image.layers()).allSatisfy(layer -> {
            assertThat(layer.file()).isEqualTo(archive);
            assertThat(layer.offset()).isPositive();
            assertThat(TestArchives.sha256Hex(TestArchives.storedBytes(layer))).isEqualTo(layer.blobDigest().hex());
        });
        Path rootfs = dir.resolve("rootfs");
        dev.jrun.layer.Layers.unpackFlat(image, rootfs);
        assertThat(rootfs.resolve("hello")).hasContent("hi");
        assertThat(rootfs.resolve("second")).hasContent("two");
    }

    @Test
    void nestedIndex_leadsToTheManifestOfTheAskedPlatform() throws Exception {
        ImageBlobs amd64 = image("linux/amd64");
        ImageBlobs arm64 = image("linux/arm64");
        OciDescriptor inner = writer.index(List.of(arm64.manifest(), amd64.manifest()));
        writer.add(writer.index(List.of(inner)).withRefName("latest"));
        Path layout = directory();

        assertThat(open(layout, null, AMD64).id()).isEqualTo(Digest.parse(amd64.config().digest()));
        assertThat(open(layout, "latest", ARM64).id()).isEqualTo(Digest.parse(arm64.config().digest()));
    }

    @Test
    void multiPlatform_failsNamingTheVariantsThereAre() throws Exception {
        writer.add(writer.index(List.of(image("linux/arm64").manifest(), image("linux/arm/v7").manifest())));
        Path layout = directory();

        assertThatThrownBy(() -> open(layout, null, AMD64))
                .hasMessage("image " + layout + ": has no linux/amd64 variant (it has linux/arm64, linux/arm/v7)");
    }

    @Test
    void multiPlatform_skipsAttestationsAndPrefersTheExactVariant() throws Exception {
        ImageBlobs v6 = image("linux/arm/v6");
        ImageBlobs v7 = image("linux/arm/v7");
        ImageBlobs attestation = image("unknown/unknown");
        writer.add(writer.index(List.of(attestation.manifest(), v6.manifest(), v7.manifest(),
                attestation.manifest().withPlatform("linux/arm64").withAnnotation("vnd.docker.reference.type",
                        "attestation-manifest"))));
        Path layout = directory();

        assertThat(open(layout, null, Platform.parse("linux/arm/v7")).id())
                .isEqualTo(Digest.parse(v7.config().digest()));
        assertThat(open(layout, null, Platform.parse("linux/arm")).id()).isEqualTo(Digest.parse(v6.config().digest()));
        assertThatThrownBy(() -> open(layout, null, ARM64))
                .hasMessage("image " + layout + ": has no linux/arm64 variant (it has linux/arm/v6, linux/arm/v7)");
    }

    @Test
    void platformVariantsListedInIndexJsonItself_arePickedByPlatform() throws Exception {
        ImageBlobs amd64 = image("linux/amd64");
        ImageBlobs arm64 = image("linux/arm64");
        writer.add(arm64.manifest()).add(amd64.manifest());

        assertThat(open(directory(), null, AMD64).id()).isEqualTo(Digest.parse(amd64.config().digest()));
    }

    @Test
    void severalImages_arePickedByFullNameOrTagAndListedWhenNoneIsPicked() throws Exception {
        writer.add(named(image("linux/amd64"), "docker.io/library/busybox:1.36"))
                .add(named(image("linux/arm64"), "docker.io/library/busybox:latest"))
                .add(named(image("linux/amd64"), "docker.io/library/alpine:3.19"));
        Path layout = directory();

        assertThatThrownBy(() -> open(layout, null, AMD64)).hasMessage("image " + layout
                + ": holds 3 images, pick one with IMAGE.tar:TAG or --tag: busybox:1.36, busybox:latest, alpine:3.19");
        assertThat(open(layout, "1.36", AMD64).name()).isEqualTo("busybox:1.36");
        assertThat(open(layout, "alpine:3.19", AMD64).name()).isEqualTo("alpine:3.19");
        assertThat(open(layout, "busybox", ARM64).name()).isEqualTo("busybox:latest");
        assertThatThrownBy(() -> open(layout, "3.20", AMD64)).hasMessage("image " + layout
                + ": has no image tagged 3.20 (it has busybox:1.36, busybox:latest, alpine:3.19)");
    }

    @Test
    void oneImageListedOncePerTag_isOneImage() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        writer.add(named(blobs, "docker.io/library/busybox:1.36"))
                .add(named(blobs, "docker.io/library/busybox:latest"));
        Path layout = directory();

        assertThat(open(layout, null, AMD64).name()).isEqualTo("busybox:1.36");
        assertThat(open(layout, "latest", AMD64).name()).isEqualTo("busybox:latest");
    }

    @Test
    void tagMatchingTwoImages_failsNamingBoth() throws Exception {
        writer.add(named(image("linux/amd64"), "docker.io/library/busybox:latest"))
                .add(named(image("linux/arm64"), "docker.io/library/alpine:latest"));
        Path layout = directory();

        assertThatThrownBy(() -> open(layout, "latest", AMD64)).hasMessage("image " + layout
                + ": tag latest matches 2 images (busybox:latest, alpine:latest), pick one by its full name");
    }

    @Test
    void configWithWrongDigest_isRefused() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        writer.add(blobs.manifest());
        Path layout = directory();
        Path config = blob(layout, blobs.config());
        Files.writeString(config, Files.readString(config).replace("PATH=/bin", "PATH=/bon"));

        assertThatThrownBy(() -> open(layout, null, AMD64)).hasMessage("image " + layout + ": image config "
                + blobs.config().digest() + " does not match its digest (the blob is damaged or was changed)");
    }

    @Test
    void manifestWithWrongDigestOrSize_isRefused() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        OciDescriptor manifest = blobs.manifest();
        Path wrongSize = dir.resolve("wrong-size");
        writer.add(manifest.withSize(manifest.size() + 1)).writeDirectory(wrongSize);

        assertThatThrownBy(() -> open(wrongSize, null, AMD64)).hasMessage("image " + wrongSize + ": image manifest "
                + manifest.digest() + " has " + manifest.size() + " bytes where its descriptor says "
                + (manifest.size() + 1));

        Path tampered = dir.resolve("tampered.tar");
        String json = new String(blobBytes(wrongSize, manifest), StandardCharsets.UTF_8)
                .replace("\"schemaVersion\":2", "\"schemaVersion\":3");
        new OciLayoutWriter().add(manifest).replaceBlob(manifest.digest(), json.getBytes(StandardCharsets.UTF_8))
                .writeTar(tampered);

        assertThatThrownBy(() -> open(tampered, null, AMD64)).hasMessage("image " + tampered + ": image manifest "
                + manifest.digest() + " does not match its digest (the blob is damaged or was changed)");
    }

    @Test
    void missingOrResizedLayerBlob_isRefusedNamingItsDigest() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        String layer = blobs.layers().get(1).digest();
        writer.add(blobs.manifest());
        Path missing = dir.resolve("missing.tar");
        writer.removeBlob(layer).writeTar(missing);
        Path resized = dir.resolve("resized.tar");
        writer.replaceBlob(layer, new byte[7]).writeTar(resized);

        assertThatThrownBy(() -> open(missing, null, AMD64)).hasMessage("image " + missing + ": layer " + layer
                + " is missing (no blobs/" + layer.replace(':', '/') + ")");
        assertThatThrownBy(() -> open(resized, null, AMD64)).hasMessage("image " + resized + ": layer " + layer
                + " has 7 bytes where its descriptor says " + blobs.layers().get(1).size());
    }

    @Test
    void digestThatClimbsOutOfTheLayout_isRejectedAsInvalid() throws Exception {
        writer.add(image("linux/amd64").manifest().withDigest("sha256:../../../../etc/passwd"));
        Path layout = directory();

        assertThatThrownBy(() -> open(layout, null, AMD64)).hasMessage("image " + layout + ": index.json:"
                + " manifests[0].digest: invalid sha256 digest ../../../../etc/passwd (want 64 lower-case hex digits)");
    }

    @Test
    void blobLinkedOutOfTheLayout_isRefused() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        writer.add(blobs.manifest());
        Path layout = directory();
        Path outside = Files.write(dir.resolve("outside"), blobBytes(layout, blobs.layers().get(0)));
        Path link = blob(layout, blobs.layers().get(0));
        Files.delete(link);
        Files.createSymbolicLink(link, outside);

        assertThatThrownBy(() -> open(layout, null, AMD64)).hasMessage("image " + layout + ": blobs/"
                + blobs.layers().get(0).digest().replace(':', '/') + " leads outside the layout");
    }

    @Test
    void nonDistributableLayer_isRefusedNamingIt() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        String foreign = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
        OciDescriptor layer = blobs.layers().get(0).withMediaType(foreign);
        writer.add(writer.manifest(blobs.config(), List.of(layer, blobs.layers().get(1))));
        Path layout = directory();

        assertThatThrownBy(() -> open(layout, null, AMD64)).hasMessage("image " + layout + ": layer " + layer.digest()
                + ": a non-distributable layer (" + foreign + "), which jrun does not run");
    }

    @Test
    void invalidOrMissingFields_areNamed() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        writer.add(blobs.manifest());
        Path layout = directory();
        String digest = blobs.manifest().digest();

        Files.writeString(layout.resolve("index.json"), "{\"manifests\": [{\"mediaType\": \""
                + OciLayoutWriter.MANIFEST_TYPE + "\", \"digest\": \"" + digest + "\", \"size\": \"big\"}]}");
        assertThatThrownBy(() -> open(layout, null, AMD64))
                .hasMessageStartingWith("image " + layout + ": index.json: manifests[0].size: ")
                .hasMessageNotContaining("\n");

        Files.writeString(layout.resolve("index.json"), "{\"manifests\": [{\"digest\": \"" + digest + "\"}]}");
        assertThatThrownBy(() -> open(layout, null, AMD64))
                .hasMessage("image " + layout + ": index.json: manifests[0]: no mediaType");

        Files.writeString(layout.resolve("index.json"), "{\"manifests\": [");
        assertThatThrownBy(() -> open(layout, null, AMD64))
                .hasMessageStartingWith("image " + layout + ": index.json: not valid JSON at line 1, column ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void indexesNestedTooDeep_areRefused() throws Exception {
        OciDescriptor descriptor = image("linux/amd64").manifest();
        for (int i = 0; i < 9; i++) {
            descriptor = writer.index(List.of(descriptor));
        }
        writer.add(descriptor);
        Path layout = directory();

        assertThatThrownBy(() -> open(layout, null, AMD64))
                .hasMessage("image " + layout + ": image indexes nested more than 8 deep");
    }

    @Test
    void unknownLayoutVersion_isRefused() throws Exception {
        writer.add(image("linux/amd64").manifest()).layoutVersion("2.0.0");
        Path layout = directory();

        assertThatThrownBy(() -> open(layout, null, AMD64))
                .hasMessage("image " + layout + ": oci-layout: unsupported imageLayoutVersion 2.0.0 (jrun reads 1.x)");
    }

    @Test
    void docker25Archive_isAlsoAnOciLayout() throws Exception {
        ImageBlobs blobs = image("linux/amd64");
        writer.add(named(blobs, "docker.io/library/busybox:1.36").withRefName("1.36"))
                .addDockerManifest(blobs, List.of("busybox:1.36"));
        Path archive = dir.resolve("docker25.tar");
        writer.writeTar(archive);

        Image image = new OciLayoutFormat().read(archive, new ImageSelection("1.36", AMD64));

        assertThat(image.name()).isEqualTo("busybox:1.36");
        assertThat(image.layers()).extracting(Layer::blobDigest)
                .containsExactlyElementsOf(blobs.layers().stream().map(l -> Digest.parse(l.digest())).toList());
    }

    /** A new image, different from every other this test made. */
    private ImageBlobs image(String platform) throws IOException {
        ConfigSpec config = new ConfigSpec(List.of("PATH=/bin", "IMAGE=" + images++), List.of(), List.of("/bin/sh"),
                "/", "", Map.of());
        return writer.image(config, platform, LAYERS, true);
    }

    private static OciDescriptor named(ImageBlobs image, String name) {
        return image.manifest().withoutPlatform().withAnnotation(OciDescriptor.CONTAINERD_NAME, name);
    }

    private Path directory() throws IOException {
        Path layout = dir.resolve("layout");
        writer.writeDirectory(layout);
        return layout;
    }

    private static Path blob(Path layout, OciDescriptor descriptor) {
        return layout.resolve("blobs/" + descriptor.digest().replace(':', '/'));
    }

    private static byte[] blobBytes(Path layout, OciDescriptor descriptor) throws IOException {
        return Files.readAllBytes(blob(layout, descriptor));
    }

    private static Image open(Path layout, String tag, Platform platform) throws ImageException {
        return Images.open(layout, new ImageSelection(tag, platform));
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
