package dev.jrun.testimages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the test images into the directory given as the first argument, from the static busybox
 * given as the second ({@code /bin/busybox} if none; another architecture's runs through binfmt to
 * list its applets), for that busybox's architecture: {@code busybox.tar}, {@code busybox-entrypoint.tar},
 * {@code busybox-multiplatform.tar} and the broken inputs {@code not-an-archive.tar},
 * {@code no-manifest.tar} and {@code truncated-layer.tar}.
 */
public final class BuildTestImages {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private BuildTestImages() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: BuildTestImages <outDir> [busybox]");
        }
        build(Path.of(args[0]), args.length == 2 ? Path.of(args[1]) : BUSYBOX);
    }

    public static void build(Path outDir, Path busyboxPath) throws IOException, InterruptedException {
        Busybox binary = Busybox.load(busyboxPath);
        List<LayerEntry> base = baseLayer(binary);
        Files.createDirectories(outDir);
        ImageSpec busybox = new ImageSpec(List.of("jrun-test/busybox:latest"), busyboxConfig(), List.of(base),
                binary.architecture());
        DockerArchiveWriter.write(busybox, ArchiveOptions.PLAIN, outDir.resolve("busybox.tar"));
        DockerArchiveWriter.write(entrypointImage(base, binary.architecture()), ArchiveOptions.PLAIN.gzipped(),
                outDir.resolve("busybox-entrypoint.tar"));
        multiPlatformImage(base, binary.architecture()).writeTar(outDir.resolve("busybox-multiplatform.tar"));
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

    private static ImageSpec entrypointImage(List<LayerEntry> base, String architecture) {
        List<LayerEntry> motd = List.of(LayerEntry.file("etc/motd", 0644, "Welcome to the jrun entrypoint test image.\n"));
        ConfigSpec config = new ConfigSpec(List.of("PATH=/bin:/usr/bin", "GREETING=hello from image"),
                List.of("/bin/echo", "entry:"), List.of("default-arg"), "/", "", Map.of());
        return new ImageSpec(List.of("jrun-test/busybox-entrypoint:latest"), config, List.of(base, motd), architecture);
    }

    /**
     * An OCI archive whose index (ref name latest) lists linux/amd64 and linux/arm64, as a registry's
     * busybox does: the busybox's own architecture with /etc/platform naming it, and the other with
     * only that file, so running the wrong one fails and {@code cat /etc/platform} shows which was picked.
     */
    private static OciLayoutWriter multiPlatformImage(List<LayerEntry> base, String architecture) throws IOException {
        OciLayoutWriter writer = new OciLayoutWriter();
        List<OciDescriptor> manifests = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            List<List<LayerEntry>> layers = arch.equals(architecture) ? List.of(base, platformLayer(arch))
                    : List.of(platformLayer(arch));
            manifests.add(writer.image(busyboxConfig(), "linux/" + arch, layers, true).manifest());
        }
        return writer.add(writer.index(manifests).withRefName("latest"));
    }

    private static List<LayerEntry> platformLayer(String architecture) {
        return List.of(LayerEntry.directory("etc", 0755), LayerEntry.file("etc/platform", 0644,
                "linux/" + architecture + "\n"));
    }
}
