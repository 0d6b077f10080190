package dev.jrun.testimages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveWriterTest {

    private static final ConfigSpec CONFIG = new ConfigSpec(List.of(), List.of(), List.of("/bin/sh"), "/", "",
            Map.of());

    @Test
    void write_laysOutArchiveLikeDockerSave(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("image.tar");
        ImageSpec image = new ImageSpec("t/x:1", CONFIG, List.of(List.of(LayerEntry.file("a", 0644, "a"))));

        DockerArchiveWriter.write(image, ArchiveOptions.PLAIN, out);

        assertThat(names(out)).hasSize(4).contains("manifest.json")
                .anyMatch(n -> n.matches("[0-9a-f]{64}/layer.tar"))
                .anyMatch(n -> n.matches("[0-9a-f]{64}\\.json"));
    }

    @Test
    void write_withoutManifest_omitsOnlyTheManifest(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("image.tar");
        ImageSpec image = new ImageSpec("t/x:1", CONFIG, List.of(List.of(LayerEntry.file("a", 0644, "a"))));

        DockerArchiveWriter.write(image, ArchiveOptions.PLAIN.withoutManifest(), out);

        assertThat(names(out)).hasSize(3).doesNotContain("manifest.json");
    }

    @Test
    void write_rejectsTruncationOfEntryNoLayerHas(@TempDir Path dir) {
        ImageSpec image = new ImageSpec("t/x:1", CONFIG, List.of(List.of(LayerEntry.file("a", 0644, "abc"))));

        assertThatThrownBy(() -> DockerArchiveWriter.write(image, ArchiveOptions.PLAIN.truncatedInside("b"),
                dir.resolve("image.tar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no layer has a file b to cut");
    }

    private static List<String> names(Path archive) throws IOException {
        try (TarFile tar = new TarFile(archive)) {
            return tar.getEntries().stream().map(TarArchiveEntry::getName).toList();
        }
    }
}
