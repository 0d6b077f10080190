package dev.jrun.testimages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the test images from the host's {@code /bin/busybox} into the directory given as the only
 * argument: {@code busybox.tar}, {@code busybox-entrypoint.tar} and the broken inputs
 * {@code not-an-archive.tar}, {@code no-manifest.tar} and {@code truncated-layer.tar}.
 */
public final class BuildTestImages {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private BuildTestImages() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BuildTestImages <outDir>");
        }
        build(Path.of(args[0]));
    }

    public static void build(Path outDir) throws IOException, InterruptedException {
        List<LayerEntry> base = baseLayer(Busybox.load(BUSYBOX));
        Files.createDirectories(outDir);
        ImageSpec busybox = new ImageSpec("jrun-test/busybox:latest", busyboxConfig(), List.of(base));
        DockerArchiveWriter.write(busybox, ArchiveOptions.PLAIN, outDir.resolve("busybox.tar"));
        DockerArchiveWriter.write(entrypointImage(base), ArchiveOptions.PLAIN.gzipped(),
                outDir.resolve("busybox-entrypoint.tar"));
        Files.writeString(outDir.resolve("not-an-archive.tar"), "This is plain text, not a tar archive.\n");
        DockerArchiveWriter.write(busybox, ArchiveOptions.PLAIN.withoutManifest(), outDir.resolve("no-manifest.tar"));
        DockerArchiveWriter.write(busybox, ArchiveOptions.PLAIN.truncatedInside("bin/busybox"),
                outDir.resolve("truncated-layer.tar"));
    }

    /** Busybox, one symlink per applet and just enough of /etc to log in; no /work, the runtime creates it. */
    private static List<LayerEntry> baseLayer(Busybox busybox) {
        List<LayerEntry> layer = new ArrayList<>(List.of(
                LayerEntry.directory("bin", 0755),
                LayerEntry.directory("etc", 0755),
                LayerEntry.directory("home", 0755),
                LayerEntry.directory("root", 0700),
                LayerEntry.directory("sbin", 0755),
                LayerEntry.directory("tmp", 01777),
                LayerEntry.directory("usr", 0755),
                LayerEntry.directory("usr/bin", 0755),
                LayerEntry.directory("usr/sbin", 0755),
                LayerEntry.directory("var", 0755),
                LayerEntry.file("bin/busybox", 0755, busybox.binary()),
                LayerEntry.file("etc/passwd", 0644, """
                        root:x:0:0:root:/root:/bin/sh
                        nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                        """),
                LayerEntry.file("etc/group", 0644, """
                        root:x:0:
                        nogroup:x:65534:
                        """)));
        for (String applet : busybox.applets()) {
            if (!applet.equals("bin/busybox")) {
                layer.add(LayerEntry.symlink(applet, "/bin/busybox"));
            }
        }
        return layer;
    }

    private static ConfigSpec busyboxConfig() {
        return new ConfigSpec(
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JRUN_TEST_IMAGE=busybox"),
                List.of(), List.of("/bin/sh"), "/work", "",
                Map.of("org.opencontainers.image.title", "jrun busybox test image"));
    }

    private static ImageSpec entrypointImage(List<LayerEntry> base) {
        List<LayerEntry> motd = List.of(LayerEntry.file("etc/motd", 0644, "Welcome to the jrun entrypoint test image.\n"));
        ConfigSpec config = new ConfigSpec(List.of("PATH=/bin:/usr/bin", "GREETING=hello from image"),
                List.of("/bin/echo", "entry:"), List.of("default-arg"), "/", "", Map.of());
        return new ImageSpec("jrun-test/busybox-entrypoint:latest", config, List.of(base, motd));
    }
}
