package dev.jrun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsTarFormatTest {

    @TempDir
    Path dir;

    @AfterEach
    void removeRootfs() throws IOException {
        TestArchives.empty(dir);
    }

    @Test
    void open_takesATarWithoutManifestAsOneLayerRunningBinSh() throws Exception {
        Path archive = TestArchives.tar(dir.resolve("exported.tar"),
                files("./.dockerenv", "", "./etc/os-release", "x\n"));

        Image image = Images.open(archive);

        assertThat(image.name()).isEqualTo("exported.tar");
        assertThat(image.id()).isNull();
        assertThat(image.created()).isEmpty();
        assertThat(image.config().cmd()).containsExactly("/bin/sh");
        assertThat(image.config().env())
                .containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(image.layers()).containsExactly(
                new Layer("exported.tar", archive, 0, Files.size(archive), null, null));
    }

    @Test
    void open_unpacksTheWholeTar() throws Exception {
        Path archive = TestArchives.tar(dir.resolve("exported.tar"), files("etc/os-release", "jrun\n"));
        Path rootfs = dir.resolve("rootfs");

        dev.jrun.layer.Layers.unpackFlat(Images.open(archive), rootfs);

        assertThat(rootfs.resolve("etc/os-release")).hasContent("jrun");
    }

    @Test
    void open_refusesATag() throws Exception {
        Path archive = TestArchives.tar(dir.resolve("exported.tar"), files("etc/os-release", "x\n"));

        assertThatThrownBy(() -> Images.open(archive, ImageSelection.tag("latest"))).hasMessage("image " + archive
                + ": has no image tagged latest (a plain rootfs tar has no tags)");
    }

    @Test
    void open_refusesImageArchivesThatLackTheirIndex() throws Exception {
        Path docker = TestArchives.built("no-manifest.tar");
        Path oci = TestArchives.tar(dir.resolve("oci.tar"), files("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}"));
        Path ociWithoutLayoutFile = TestArchives.tar(dir.resolve("oci2.tar"), files("index.json", "{}",
                "blobs/sha256/" + "0".repeat(64), ""));

        assertThatThrownBy(() -> Images.open(docker))
                .hasMessage("image " + docker + ": not a docker-archive (no manifest.json)");
        assertThatThrownBy(() -> Images.open(oci)).hasMessage("image " + oci + ": not an OCI layout (no index.json)");
        assertThatThrownBy(() -> Images.open(ociWithoutLayoutFile))
                .hasMessage("image " + ociWithoutLayoutFile + ": not an OCI layout (no oci-layout)");
    }

    @Test
    void recognizes_anyTarButNoOtherFile() throws Exception {
        RootfsTarFormat format = new RootfsTarFormat();

        assertThat(format.recognizes(TestArchives.tar(dir.resolve("a.tar"), files("a", "")))).isTrue();
        assertThat(format.recognizes(TestArchives.built("not-an-archive.tar"))).isFalse();
        assertThat(format.recognizes(dir)).isFalse();
    }

    /** Text files by path, from name-content pairs. */
    private static Map<String, byte[]> files(String... namesAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }
}
