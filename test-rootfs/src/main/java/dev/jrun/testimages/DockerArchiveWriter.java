package dev.jrun.testimages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an image as a docker-archive, the format of {@code docker save}: layer tars under
 * {@code <sha256>/layer.tar}, the config as {@code <sha256>.json} and {@code manifest.json} naming
 * both. The same inputs always give the same bytes.
 */
public final class DockerArchiveWriter {

    private DockerArchiveWriter() {
    }

    public static void write(ImageSpec image, ArchiveOptions options, Path out) throws IOException {
        List<LayerEntry> archive = new ArrayList<>();
        List<String> layerNames = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        boolean truncated = false;
        for (List<LayerEntry> layer : image.layers()) {
            byte[] tar = Tars.write(layer);
            if (options.truncateInsideEntry() != null) {
                byte[] cut = Tars.truncateInside(tar, options.truncateInsideEntry());
                truncated |= cut.length < tar.length;
                tar = cut;
            }
            diffIds.add("sha256:" + sha256(tar));
            byte[] stored = options.gzipLayers() ? gzip(tar) : tar;
            String dir = sha256(stored);
            archive.add(LayerEntry.directory(dir, 0755));
            archive.add(LayerEntry.file(dir + "/layer.tar", 0644, stored));
            layerNames.add(dir + "/layer.tar");
        }
        if (options.truncateInsideEntry() != null && !truncated) {
            throw new IllegalArgumentException("no layer has a file " + options.truncateInsideEntry() + " to cut");
        }
        byte[] config = configJson(image.config(), diffIds);
        String configName = sha256(config) + ".json";
        archive.add(LayerEntry.file(configName, 0644, config));
        if (options.withManifest()) {
            var manifest = new ArchiveJson.Manifest(configName, List.of(image.repoTag()), layerNames);
            archive.add(LayerEntry.file("manifest.json", 0644, ArchiveJson.MAPPER.writeValueAsBytes(List.of(manifest))));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, Tars.write(archive));
    }

    private static byte[] configJson(ConfigSpec spec, List<String> diffIds) throws IOException {
        var run = new ArchiveJson.RunConfig(spec.env(), spec.entrypoint(), spec.cmd(), spec.workingDir(), spec.user(),
                spec.labels());
        var config = new ArchiveJson.Config(architecture(), "linux", Tars.MTIME.toInstant().toString(), run,
                new ArchiveJson.RootFs("layers", diffIds));
        return ArchiveJson.MAPPER.writeValueAsBytes(config);
    }

    /** The OCI name of the build machine's architecture, which is also the test binaries' architecture. */
    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /** Gzip with no file name and mtime 0, which is what {@link GZIPOutputStream} writes. */
    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            gzip.write(data);
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
