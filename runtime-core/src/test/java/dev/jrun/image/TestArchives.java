package dev.jrun.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.testimages.ArchiveOptions;
import dev.jrun.testimages.ConfigSpec;
import dev.jrun.testimages.DockerArchiveWriter;
import dev.jrun.testimages.ImageSpec;
import dev.jrun.testimages.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Image archives for tests: the ones test-rootfs built, and small ones written on the spot. */
public final class TestArchives {

    public static final ConfigSpec CONFIG = new ConfigSpec(List.of("PATH=/bin"), List.of(), List.of("/bin/sh"), "/", "",
            Map.of());

    private TestArchives() {
    }

    /** An image test-rootfs built, found through the jrun.test.images property the build sets. */
    public static Path built(String name) {
        String dir = System.getProperty("jrun.test.images");
        assertThat(dir).as("system property jrun.test.images (set by the Maven build)").isNotNull();
        return Path.of(dir, name);
    }

    public static Path write(Path dir, ArchiveOptions options, List<List<LayerEntry>> layers) throws IOException {
        Path archive = dir.resolve("image.tar");
        DockerArchiveWriter.write(new ImageSpec("test/image:1", CONFIG, layers), options, archive);
        return archive;
    }

    public static Image unpack(Path dir, Path rootfs, List<List<LayerEntry>> layers) throws IOException, ImageException {
        Image image = Images.open(write(dir, ArchiveOptions.PLAIN, layers));
        dev.jrun.layer.Layers.unpackFlat(image, rootfs);
        return image;
    }

    /** Writes a tar of {@code files} (path to content, in this order), as tests hand-craft broken archives. */
    public static Path tar(Path out, Map<String, byte[]> files) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out;
    }

    /** The {@code length} bytes at {@code offset} of the layer's file: what an image archive stores for it. */
    public static byte[] storedBytes(Layer layer) throws IOException {
        int offset = Math.toIntExact(layer.offset());
        return Arrays.copyOfRange(Files.readAllBytes(layer.file()), offset, offset + Math.toIntExact(layer.length()));
    }

    public static String sha256Hex(byte[] bytes) {
        MessageDigest hasher = Digest.hasher("sha256");
        hasher.update(bytes);
        return Digest.sha256(hasher).hex();
    }

    /**
     * Empties {@code dir} without following links; JUnit's own cleanup would warn about every
     * symlink that points outside the temp dir, such as the busybox applets.
     */
    public static void empty(Path dir) throws IOException {
        for (String name : namesIn(dir)) {
            dev.jrun.rootfs.HostTrees.delete(dir.resolve(name));
        }
    }

    public static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
