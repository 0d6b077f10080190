package dev.jrun.image;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The same image made by real third-party tools, not by our own writer: {@code umoci} builds an OCI
 * layout layer by layer, {@code skopeo} copies it into the other formats. Everything, including
 * skopeo's temporary files, is written under the directory given to {@link #build}; nothing is kept
 * between runs. (skopeo 1.9 run as root still records blob digests in its own metadata cache,
 * /var/lib/containers/cache/blob-info-cache-v1.boltdb, which no flag moves; it holds no image data.)
 *
 * <p>The image, bottom layer first:
 * <ol>
 *   <li>{@code umoci repack}: a busybox rootfs ({@code bin/busybox} from busybox-static, the applet
 *       links {@code bin/sh}, {@code ls}, {@code cat}, {@code echo} -> {@code busybox}), {@code etc/hostname},
 *       {@code data/a}, {@code data/b}, {@code data/sub/c}, {@code data/opq/old} and
 *       {@code data/opq/deeper/old}, a setuid {@code bin/suid-tool} (mode 4755) and an absolute symlink
 *       {@code bin/busybox-abs -> /bin/busybox}.</li>
 *   <li>{@code umoci repack}: deletes {@code data/a} (umoci writes {@code data/.wh.a}), replaces
 *       {@code data/sub} by an empty directory holding only {@code new} (umoci 0.4.7 writes
 *       {@code data/sub/.wh.c} for that, never an opaque whiteout), rewrites {@code data/b} and adds the
 *       hard link {@code data/b-link} to it.</li>
 *   <li>{@code umoci raw add-layer} of a tar written by GNU tar: {@code data/opq/.wh..wh..opq} and
 *       {@code data/opq/fresh}. umoci's repack never writes an opaque whiteout, so this is how a real
 *       tool's image gets one here: umoci takes the tar verbatim (gzips it, records its diff_id).</li>
 * </ol>
 * and then {@code umoci config} sets Cmd, Env and WorkingDir ({@link #CMD}, {@link #ENV}, {@link #WORKING_DIR}).
 */
final class ThirdPartyImages {

    /** The tag in {@link Built#umociLayout} of the finished image; the other tags hold its earlier states. */
    static final String FINAL_TAG = "final";
    /** The tag in {@link Built#umociLayout} of the image holding only layer 1. */
    static final String LAYER1_TAG = "layer1";
    /** All tags of {@link Built#umociLayout}, in the order umoci wrote them. */
    static final List<String> UMOCI_TAGS = List.of("base", LAYER1_TAG, "layer2", "layer3", FINAL_TAG);
    /**
     * The repo tag the docker-archives are written with. skopeo stores it as
     * {@code docker.io/test/thirdparty:1}; jrun names the image as docker shows it, {@code test/thirdparty:1}.
     */
    static final String REPO_TAG = "test/thirdparty:1";
    static final String SECOND_REPO_TAG = "test/thirdparty:2";
    /** The tag ({@code org.opencontainers.image.ref.name}) of the skopeo-written OCI layouts and archive. */
    static final String OCI_TAG = "1";
    static final int LAYERS = 3;

    static final List<String> CMD = List.of("/bin/sh", "-c", "echo hello from umoci");
    static final List<String> ENV = List.of("PATH=/bin", "GREETING=hello third party");
    static final String WORKING_DIR = "/data";

    static final String HOSTNAME = "jrun-thirdparty\n";
    static final String B_MODIFIED = "b, modified in layer 2\n";
    static final String SUB_NEW = "new in layer 2\n";
    static final String OPQ_FRESH = "fresh in layer 3\n";
    static final String SUID_TOOL = "#!/bin/sh\necho setuid\n";

    /** Why the tests skip where umoci or skopeo is missing: "umoci not installed (apt-get install umoci skopeo)". */
    static final String NOT_INSTALLED = "not installed (apt-get install umoci skopeo)";
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * Where each image ended up.
     *
     * @param configDigest the digest of the config umoci wrote for {@link #FINAL_TAG}; skopeo copies the
     *                     config unchanged, so it is every image's id
     */
    record Built(Path dir, Path umociLayout, Path dockerArchive, Path dockerArchiveTwoTags, Path ociArchive,
                 Path ociLayoutGzip, Path ociLayoutZstd, Digest configDigest) {
    }

    /** Which image of {@link Built} a test reads, and with which selection. */
    enum Kind {
        /** umoci's own layout, several tags; the finished image is picked by {@link #FINAL_TAG}. */
        UMOCI_OCI_LAYOUT,
        /** {@code skopeo copy ... docker-archive:image-docker.tar:test/thirdparty:1}, uncompressed layers. */
        SKOPEO_DOCKER_ARCHIVE,
        /** The same with {@code --additional-tag test/thirdparty:2}: one image, two repo tags. */
        SKOPEO_DOCKER_ARCHIVE_TWO_TAGS,
        /** {@code skopeo copy ... oci-archive:image-oci.tar:1}, the gzip layers as umoci wrote them. */
        SKOPEO_OCI_ARCHIVE,
        /** {@code skopeo copy --dest-compress --dest-compress-format gzip ... oci:oci-gzip:1}. */
        SKOPEO_OCI_LAYOUT_GZIP,
        /** {@code skopeo copy --dest-compress --dest-compress-format zstd ... oci:oci-zstd:1}. */
        SKOPEO_OCI_LAYOUT_ZSTD;

        Path path(Built built) {
            return switch (this) {
                case UMOCI_OCI_LAYOUT -> built.umociLayout();
                case SKOPEO_DOCKER_ARCHIVE -> built.dockerArchive();
                case SKOPEO_DOCKER_ARCHIVE_TWO_TAGS -> built.dockerArchiveTwoTags();
                case SKOPEO_OCI_ARCHIVE -> built.ociArchive();
                case SKOPEO_OCI_LAYOUT_GZIP -> built.ociLayoutGzip();
                case SKOPEO_OCI_LAYOUT_ZSTD -> built.ociLayoutZstd();
            };
        }

        ImageSelection selection() {
            return this == UMOCI_OCI_LAYOUT ? ImageSelection.tag(FINAL_TAG) : ImageSelection.host();
        }
    }

    private final Path dir;

    private ThirdPartyImages(Path dir) {
        this.dir = dir;
    }

    /**
     * Builds every image into {@code dir}. A missing tool makes the calling test skip (a JUnit
     * assumption); a tool that fails fails the test with its stderr.
     */
    static Built build(Path dir) throws IOException, InterruptedException {
        return new ThirdPartyImages(dir).build();
    }

    private Built build() throws IOException, InterruptedException {
        requireTool("umoci " + NOT_INSTALLED, "umoci", "--version");
        requireTool("skopeo " + NOT_INSTALLED, "skopeo", "--version");
        requireTool("GNU tar not installed (apt-get install tar)", "tar", "--version");
        Path busybox = hostBusybox();

        Path oci = dir.resolve("oci");
        String image = oci.toString();
        run("umoci", "init", "--layout", image);
        run("umoci", "new", "--image", image + ":base");

        Path bundle1 = unpack(image + ":base", "bundle1");
        layer1(bundle1.resolve("rootfs"), busybox);
        run("umoci", "repack", "--image", image + ":" + LAYER1_TAG, bundle1.toString());

        Path bundle2 = unpack(image + ":" + LAYER1_TAG, "bundle2");
        layer2(bundle2.resolve("rootfs"));
        run("umoci", "repack", "--image", image + ":layer2", bundle2.toString());

        Path layer3 = layer3Tar();
        run("umoci", "raw", "add-layer", "--image", image + ":layer2", "--tag", "layer3", layer3.toString());

        List<String> config = new ArrayList<>(List.of("umoci", "config", "--image", image + ":layer3",
                "--tag", FINAL_TAG, "--config.workingdir", WORKING_DIR));
        CMD.forEach(arg -> config.addAll(List.of("--config.cmd", arg)));
        ENV.forEach(env -> config.addAll(List.of("--config.env", env)));
        run(config);

        String source = "oci:" + image + ":" + FINAL_TAG;
        Path dockerArchive = dir.resolve("image-docker.tar");
        skopeoCopy(source, "docker-archive:" + dockerArchive + ":" + REPO_TAG);
        Path twoTags = dir.resolve("image-docker-two-tags.tar");
        skopeoCopy("--additional-tag", SECOND_REPO_TAG, source, "docker-archive:" + twoTags + ":" + REPO_TAG);
        Path ociArchive = dir.resolve("image-oci.tar");
        skopeoCopy(source, "oci-archive:" + ociArchive + ":" + OCI_TAG);
        Path gzip = dir.resolve("oci-gzip");
        skopeoCopy("--dest-compress", "--dest-compress-format", "gzip", source, "oci:" + gzip + ":" + OCI_TAG);
        Path zstd = dir.resolve("oci-zstd");
        skopeoCopy("--dest-compress", "--dest-compress-format", "zstd", source, "oci:" + zstd + ":" + OCI_TAG);

        // The bundles hold the same tree as the images (with symlinks out of dir); only the images are needed.
        dev.jrun.rootfs.HostTrees.delete(bundle1);
        dev.jrun.rootfs.HostTrees.delete(bundle2);
        return new Built(dir, oci, dockerArchive, twoTags, ociArchive, gzip, zstd, configDigest(oci, FINAL_TAG));
    }

    /** Reads index.json and the tagged manifest of an OCI layout the plain way, to know what to expect. */
    private static Digest configDigest(Path layout, String tag) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (JsonNode manifest : json.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            if (tag.equals(manifest.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                Digest digest = Digest.parse(manifest.path("digest").asText());
                JsonNode body = json.readTree(layout.resolve("blobs").resolve(digest.algorithm())
                        .resolve(digest.hex()).toFile());
                return Digest.parse(body.path("config").path("digest").asText());
            }
        }
        return fail("umoci wrote no tag %s into %s/index.json", tag, layout);
    }

    private Path unpack(String image, String name) throws IOException, InterruptedException {
        Path bundle = dir.resolve(name);
        run("umoci", "unpack", "--rootless", "--image", image, bundle.toString());
        return bundle;
    }

    private static void layer1(Path rootfs, Path busybox) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : List.of("sh", "ls", "cat", "echo")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createSymbolicLink(bin.resolve("busybox-abs"), Path.of("/bin/busybox"));
        Path suid = Files.writeString(bin.resolve("suid-tool"), SUID_TOOL);
        Files.setAttribute(suid, "unix:mode", 04755);

        Files.writeString(Files.createDirectories(rootfs.resolve("etc")).resolve("hostname"), HOSTNAME);

        Path data = Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(data.resolve("a"), "a\n");
        Files.writeString(data.resolve("b"), "b\n");
        Files.writeString(Files.createDirectories(data.resolve("sub")).resolve("c"), "c\n");
        Files.writeString(Files.createDirectories(data.resolve("opq")).resolve("old"), "old\n");
        Files.writeString(Files.createDirectories(data.resolve("opq/deeper")).resolve("old"), "old, deeper\n");
    }

    private static void layer2(Path rootfs) throws IOException {
        Path data = rootfs.resolve("data");
        Files.delete(data.resolve("a"));
        dev.jrun.rootfs.HostTrees.delete(data.resolve("sub"));
        Files.writeString(Files.createDirectory(data.resolve("sub")).resolve("new"), SUB_NEW);
        Files.writeString(data.resolve("b"), B_MODIFIED);
        Files.createLink(data.resolve("b-link"), data.resolve("b"));
    }

    /** The opaque-whiteout layer as GNU tar writes it: the directory, its {@code .wh..wh..opq}, one new file. */
    private Path layer3Tar() throws IOException, InterruptedException {
        Path staging = dir.resolve("layer3-staging");
        Path opq = Files.createDirectories(staging.resolve("data/opq"));
        Files.writeString(opq.resolve(".wh..wh..opq"), "");
        Files.writeString(opq.resolve("fresh"), OPQ_FRESH);
        Path tar = dir.resolve("layer3.tar");
        run("tar", "--create", "--file", tar.toString(), "--sort=name", "--numeric-owner", "--owner=0",
                "--group=0", "--directory", staging.toString(), "data/opq");
        return tar;
    }

    /** skopeo with its temporary files in dir; the policy check is off, since only local files are copied. */
    private void skopeoCopy(String... args) throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(dir.resolve("skopeo-tmp"));
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "--tmpdir", tmp.toString(),
                "copy", "--quiet"));
        command.addAll(List.of(args));
        run(command);
    }

    /** busybox-static puts its binary in /bin (the same as /usr/bin on a merged-/usr system). */
    private static Path hostBusybox() {
        for (String candidate : List.of("/bin/busybox", "/usr/bin/busybox")) {
            Path path = Path.of(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        Assumptions.abort("busybox not installed (apt-get install busybox-static)");
        throw new AssertionError("unreachable");
    }

    private static void requireTool(String missing, String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // ProcessBuilder fails to start a program it cannot find on PATH.
            Assumptions.abort(missing + ": " + e.getMessage());
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        run(List.of(command));
    }

    /** Runs {@code command} in dir; fails with its exit code and stderr if it does not succeed. */
    private void run(List<String> command) throws IOException, InterruptedException {
        // stderr goes to a file, so a tool that hangs cannot block us on a pipe and the timeout holds.
        Path stderrFile = Files.createTempFile(dir, "stderr-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderrFile.toFile()).start();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String stderr = new String(Files.readAllBytes(stderrFile), StandardCharsets.UTF_8).strip();
            if (!finished) {
                fail("%s did not finish within %d s; stderr:%n%s", String.join(" ", command), TIMEOUT_SECONDS,
                        stderr);
            }
            if (process.exitValue() != 0) {
                fail("%s failed with exit code %d; stderr:%n%s", String.join(" ", command), process.exitValue(),
                        stderr);
            }
        } finally {
            Files.deleteIfExists(stderrFile);
        }
    }
}
