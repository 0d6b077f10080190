package dev.jrun.testimages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildTestImagesTest {

    @Test
    void build_writesTheSameBytesEveryTime(@TempDir Path first, @TempDir Path second) throws Exception {
        BuildTestImages.build(first, BuildTestImages.BUSYBOX);
        BuildTestImages.build(second, BuildTestImages.BUSYBOX);

        assertThat(names(first)).containsExactly("busybox-entrypoint.tar", "busybox-multiplatform.tar",
                "busybox.tar", "no-manifest.tar", "not-an-archive.tar", "truncated-layer.tar");
        for (String name : names(first)) {
            assertThat(second.resolve(name)).as(name).hasSameBinaryContentAs(first.resolve(name));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
