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
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes images as a docker-archive, the format of {@code docker save}: layer tars under
 * {@code <sha256>/layer.tar} (or, as skopeo writes them, {@code <diff_id>.tar}), the config as
 * {@code <sha256>.json} and {@code manifest.json} naming both. The same inputs always give the same bytes.
 */
public final class DockerArchiveWriter {

    private DockerArchiveWriter() {
    }

    public static void write(ImageSpec image, ArchiveOptions options, Path out) throws IOException {
        write(List.of(image), options, out);
    }

    /** Writes several images into one archive, as {@code docker save A B} does; layers they share are stored once. */
    public static void write(List<ImageSpec> images, ArchiveOptions options, Path out) throws IOException {
        Map<String, LayerEntry> archive = new TreeMap<>();
        List<ArchiveJson.Manifest> manifests = new ArrayList<>();
        for (ImageSpec image : images) {
            manifests.add(addImage(image, options, archive));
        }
        if (options.withManifest()) {
            archive.put("manifest.json", LayerEntry.file("manifest.json", 0644,
                    ArchiveJson.MAPPER.writeValueAsBytes(manifests)));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, Tars.write(List.copyOf(archive.values())));
    }

    /** Adds the layers and config of {@code image} to {@code archive}; returns its entry of manifest.json. */
    private static ArchiveJson.Manifest addImage(ImageSpec image, ArchiveOptions options,
                                                 Map<String, LayerEntry> archive) throws IOException {
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
            String diffId = sha256(tar);
            diffIds.add("sha256:" + diffId);
            byte[] stored = options.gzipLayers() ? gzip(tar) : tar;
            String name;
            if (options.flatLayers()) {
                name = diffId + ".tar";
            } else {
                String dir = sha256(stored);
                archive.put(dir, LayerEntry.directory(dir, 0755));
                name = dir + "/layer.tar";
            }
            archive.put(name, LayerEntry.file(name, 0644, stored));
            layerNames.add(name);
        }
        if (options.truncateInsideEntry() != null && !truncated) {
            throw new IllegalArgumentException("no layer has a file " + options.truncateInsideEntry() + " to cut");
        }
        byte[] config = configJson(image.config(), image.architecture(), diffIds);
        String configName = sha256(config) + ".json";
        archive.put(configName, LayerEntry.file(configName, 0644, config));
        // docker save writes null, not [], for an image saved by id.
        return new ArchiveJson.Manifest(configName, image.repoTags().isEmpty() ? null : image.repoTags(), layerNames);
    }

    /** The image config JSON of an image for linux/{@code architecture}. */
    static byte[] configJson(ConfigSpec spec, String architecture, List<String> diffIds) throws IOException {
        var run = new ArchiveJson.RunConfig(spec.env(), spec.entrypoint(), spec.cmd(), spec.workingDir(), spec.user(),
                spec.labels());
        var config = new ArchiveJson.Config(architecture, "linux", Tars.MTIME.toInstant().toString(), run,
                new ArchiveJson.RootFs("layers", diffIds));
        return ArchiveJson.MAPPER.writeValueAsBytes(config);
    }

    /** The OCI name of the build machine's architecture, the images' unless they say otherwise. */
    static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /** Gzip with no file name and mtime 0, which is what {@link GZIPOutputStream} writes. */
    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            gzip.write(data);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
