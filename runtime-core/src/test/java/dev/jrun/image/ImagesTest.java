package dev.jrun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.testimages.ArchiveOptions;
import dev.jrun.testimages.LayerEntry;
import dev.jrun.testimages.OciLayoutWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

    @TempDir
    Path dir;

    @AfterEach
    void removeRootfs() throws IOException {
        TestArchives.empty(dir);
    }

    @Test
    void open_readsBusyboxConfigFromTestImage() throws ImageException {
        Path archive = TestArchives.built("busybox.tar");

        Image image = Images.open(archive);

        assertThat(image.source()).isEqualTo(archive);
        assertThat(image.name()).isEqualTo("jrun-test/busybox:latest");
        assertThat(image.config()).isEqualTo(new ImageConfig(
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JRUN_TEST_IMAGE=busybox"),
                List.of(), List.of("/bin/sh"), "/work", "",
                Map.of("org.opencontainers.image.title", "jrun busybox test image")));
        assertThat(image.layers()).singleElement()
                .satisfies(layer -> assertThat(layer.name()).matches("[0-9a-f]{64}/layer.tar"));
    }

    @Test
    void open_readsEntrypointAndLayersInManifestOrder() throws ImageException {
        Image image = Images.open(TestArchives.built("busybox-entrypoint.tar"));

        assertThat(image.config().entrypoint()).containsExactly("/bin/echo", "entry:");
        assertThat(image.config().cmd()).containsExactly("default-arg");
        assertThat(image.config().env()).containsExactly("PATH=/bin:/usr/bin", "GREETING=hello from image");
        assertThat(image.config().workingDir()).isEqualTo("/");
        assertThat(image.layers()).hasSize(2);
        assertThat(image.layers().get(0).length()).isGreaterThan(image.layers().get(1).length());
    }

    @Test
    void open_failsOnMissingFile() {
        Path missing = dir.resolve("missing.tar");

        assertThatThrownBy(() -> Images.open(missing))
                .isInstanceOf(ImageException.class)
                .hasMessage("image " + missing + ": no such file");
    }

    @Test
    void open_failsOnFileThatIsNotATar() {
        Path archive = TestArchives.built("not-an-archive.tar");

        assertThatThrownBy(() -> Images.open(archive))
                .hasMessage("image " + archive + ": not an image archive (not a tar file)");
    }

    @Test
    void open_namesACompressedArchiveInsteadOfFailingOnIt() throws IOException {
        Path gz = dir.resolve("busybox.tar.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(TestArchives.built("busybox.tar"), out);
        }

        assertThatThrownBy(() -> Images.open(gz)).hasMessage("image " + gz
                + ": a gzip-compressed file: decompress it first (jrun reads the image archive's tar itself)");
    }

    @Test
    void open_failsOnDirectoryAndOnRandomBytes() throws IOException {
        byte[] noise = new byte[2048];
        new java.util.Random(7).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.tar"), noise);

        assertThatThrownBy(() -> Images.open(dir)).hasMessage("image " + dir
                + ": is a directory, not an image archive (nor an OCI layout: no oci-layout file)");
        assertThatThrownBy(() -> Images.open(random))
                .hasMessage("image " + random + ": not an image archive (not a tar file)");
    }

    @Test
    void open_readsAnOciLayoutDirectory() throws IOException, ImageException {
        OciLayoutWriter writer = new OciLayoutWriter();
        writer.add(writer.image(TestArchives.CONFIG, "linux/amd64", List.of(List.of(LayerEntry.file("a", 0644, "a"))),
                false).manifest().withoutPlatform());
        Path layout = dir.resolve("layout");
        writer.writeDirectory(layout);

        Image image = Images.open(layout);

        assertThat(image.name()).isEqualTo("layout");
        assertThat(image.layers()).singleElement().satisfies(layer -> assertThat(layer.blobDigest()).isNotNull());
    }

    @Test
    void splitReference_cutsTheTagOffAnExistingArchive() throws IOException {
        Path archive = Files.createFile(dir.resolve("images.tar"));
        Path withColon = Files.createFile(dir.resolve("odd:name.tar"));

        assertThat(Images.splitReference(archive.toString())).isEqualTo(new ArchiveReference(archive, null));
        assertThat(Images.splitReference(archive + ":1.36")).isEqualTo(new ArchiveReference(archive, "1.36"));
        assertThat(Images.splitReference(archive + ":busybox:1.36"))
                .isEqualTo(new ArchiveReference(archive, "busybox:1.36"));
        assertThat(Images.splitReference(archive + ":localhost:5000/app:1"))
                .isEqualTo(new ArchiveReference(archive, "localhost:5000/app:1"));
        assertThat(Images.splitReference(withColon.toString())).isEqualTo(new ArchiveReference(withColon, null));
        assertThat(Images.splitReference(dir + ":latest")).isEqualTo(new ArchiveReference(dir, "latest"));
        assertThat(Images.splitReference(archive + ":")).isEqualTo(new ArchiveReference(Path.of(archive + ":"), null));
        assertThat(Images.splitReference("missing.tar:1"))
                .isEqualTo(new ArchiveReference(Path.of("missing.tar:1"), null));
    }

    @Test
    void open_failsOnTarWithoutManifest() {
        Path archive = TestArchives.built("no-manifest.tar");

        assertThatThrownBy(() -> Images.open(archive))
                .hasMessage("image " + archive + ": not a docker-archive (no manifest.json)");
    }

    @Test
    void unpack_failsOnLayerTruncatedInsideAnEntry() throws ImageException {
        Image image = Images.open(TestArchives.built("truncated-layer.tar"));
        Path rootfs = dir.resolve("rootfs");

        assertThatThrownBy(() -> dev.jrun.layer.Layers.unpackFlat(image, rootfs))
                .isInstanceOf(ImageException.class)
                .hasMessage("layer " + image.layers().get(0).name() + ": truncated in the middle of entry bin/busybox");
    }

    @Test
    void unpack_readsGzipLayersByTheirMagicBytes() throws IOException, ImageException {
        Path archive = TestArchives.write(dir, ArchiveOptions.PLAIN.gzipped(),
                List.of(List.of(LayerEntry.file("hello", 0644, "hi\n"))));
        Path rootfs = dir.resolve("rootfs");

        dev.jrun.layer.Layers.unpackFlat(Images.open(archive), rootfs);

        assertThat(rootfs.resolve("hello")).hasContent("hi");
    }

    @Test
    void unpack_gzipLayerTruncatedInsideAnEntry_namesTheEntry() throws IOException, ImageException {
        Path archive = TestArchives.write(dir, ArchiveOptions.PLAIN.gzipped().truncatedInside("big"),
                List.of(List.of(LayerEntry.file("big", 0644, new byte[100_000]))));
        Image image = Images.open(archive);

        assertThatThrownBy(() -> dev.jrun.layer.Layers.unpackFlat(image, dir.resolve("rootfs")))
                .hasMessage("layer " + image.layers().get(0).name() + ": truncated in the middle of entry big");
    }

    @Test
    void unpack_appliesLayersInOrder() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(
                List.of(LayerEntry.file("etc/issue", 0644, "lower\n"), LayerEntry.file("etc/lower", 0644, "")),
                List.of(LayerEntry.file("etc/issue", 0644, "upper\n"))));

        assertThat(rootfs.resolve("etc/issue")).hasContent("upper");
        assertThat(rootfs.resolve("etc/lower")).exists();
    }

    @Test
    void unpack_failedUnpackWritesNothingOutsideRootfs() throws IOException {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path rootfs = work.resolve("rootfs");
        Path archive = TestArchives.write(dir, ArchiveOptions.PLAIN, List.of(
                List.of(LayerEntry.file("a/ok", 0644, "x"), LayerEntry.file("zz/../../../evil", 0644, "x"))));

        assertThatThrownBy(() -> dev.jrun.layer.Layers.unpackFlat(Images.open(archive), rootfs))
                .isInstanceOf(ImageException.class)
                .hasMessageEndingWith(": entry zz/../../../evil escapes the rootfs");
        assertThat(TestArchives.namesIn(work)).containsExactly("rootfs");
        assertThat(TestArchives.namesIn(dir)).containsExactlyInAnyOrder("image.tar", "work");
        assertThat(TestArchives.namesIn(rootfs)).containsExactly("a");
    }

    @Test
    void imageConfig_defaultsAbsentFieldsToEmpty() {
        assertThat(ImageConfig.EMPTY.env()).isEmpty();
        assertThat(ImageConfig.EMPTY.entrypoint()).isEmpty();
        assertThat(ImageConfig.EMPTY.cmd()).isEmpty();
        assertThat(ImageConfig.EMPTY.workingDir()).isEmpty();
        assertThat(ImageConfig.EMPTY.user()).isEmpty();
        assertThat(ImageConfig.EMPTY.labels()).isEmpty();
    }
}
