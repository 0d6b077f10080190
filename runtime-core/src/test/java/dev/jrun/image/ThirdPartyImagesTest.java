package dev.jrun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.jrun.image.ThirdPartyImages.Built;
import dev.jrun.image.ThirdPartyImages.Kind;
import dev.jrun.layer.Layers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * jrun reads what real tools write: one image built by umoci and copied by skopeo into every format
 * (see {@link ThirdPartyImages}), opened with {@link Images#open} and unpacked with
 * {@link Layers#unpackFlat}, checked the way a user of the container would see it.
 */
class ThirdPartyImagesTest {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    static Path imagesDir;

    private static Built built;
    /** Why the images could not be built (a tool is missing), or null. */
    private static String skipReason;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildImagesWithUmociAndSkopeo() throws IOException, InterruptedException {
        try {
            built = ThirdPartyImages.build(imagesDir);
        } catch (TestAbortedException e) {
            // Surefire reports a class aborted in @BeforeAll as 0 tests, silently; each test skips instead.
            skipReason = e.getMessage();
        }
    }

    @BeforeEach
    void skipWithoutTheTools() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterEach
    void removeRootfs() throws IOException {
        TestArchives.empty(dir);
    }

    // What the image says about itself.

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void open_readsCmdEnvAndWorkingDirSetByUmociConfig(Kind kind) throws ImageException {
        ImageConfig config = open(kind).config();

        assertThat(config.cmd()).containsExactlyElementsOf(ThirdPartyImages.CMD);
        assertThat(config.env()).containsExactlyElementsOf(ThirdPartyImages.ENV);
        assertThat(config.workingDir()).isEqualTo(ThirdPartyImages.WORKING_DIR);
        assertThat(config.entrypoint()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void open_listsAllThreeLayersEachWithADiffId(Kind kind) throws ImageException {
        Image image = open(kind);

        assertThat(image.layers()).hasSize(ThirdPartyImages.LAYERS)
                .allSatisfy(layer -> assertThat(layer.diffId()).as("diffId of %s", layer.name()).isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void open_layerDiffIdIsTheDigestOfItsUncompressedTar(Kind kind) throws ImageException, IOException {
        for (Layer layer : open(kind).layers()) {
            assertThat(layer.diffId()).as("diffId of %s", layer.name()).isNotNull();
            MessageDigest hasher = layer.diffId().newHasher();
            try (InputStream tar = uncompressed(layer)) {
                hash(tar, hasher);
            }
            assertThat(layer.diffId().matches(hasher)).as("diffId %s of %s matches its tar", layer.diffId(),
                    layer.name()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Kind.class, names = {"UMOCI_OCI_LAYOUT", "SKOPEO_OCI_ARCHIVE", "SKOPEO_OCI_LAYOUT_GZIP",
        "SKOPEO_OCI_LAYOUT_ZSTD"})
    void open_ociLayerBlobDigestIsTheDigestOfTheStoredCompressedBytes(Kind kind) throws ImageException, IOException {
        for (Layer layer : open(kind).layers()) {
            assertThat(layer.blobDigest()).as("blobDigest of %s", layer.name()).isNotNull();
            MessageDigest hasher = layer.blobDigest().newHasher();
            try (InputStream stored = stored(layer)) {
                hash(stored, hasher);
            }
            assertThat(layer.blobDigest().matches(hasher)).as("blobDigest %s of %s", layer.blobDigest(),
                    layer.name()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void open_idIsTheDigestOfTheConfigUmociWrote(Kind kind) throws ImageException {
        assertThat(open(kind).id()).isEqualTo(built.configDigest());
    }

    // What a user sees in the unpacked rootfs.

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_hasTheBusyboxBinaryAndItsAppletSymlinksStoredAsIs(Kind kind) throws Exception {
        Path rootfs = unpack(kind);

        Path busybox = rootfs.resolve("bin/busybox");
        assertThat(busybox).isRegularFile();
        assertThat(Files.mismatch(busybox, hostBusybox())).as("same bytes as the host's busybox").isEqualTo(-1);
        assertThat(Files.isSameFile(busybox, hostBusybox())).as("a copy, not the host's file").isFalse();
        for (String applet : List.of("sh", "ls", "cat", "echo")) {
            Path link = rootfs.resolve("bin").resolve(applet);
            assertThat(link).isSymbolicLink();
            assertThat(Files.readSymbolicLink(link)).as(applet).isEqualTo(Path.of("busybox"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_keepsAnAbsoluteSymlinkAsALinkWithItsTargetUnresolved(Kind kind) throws Exception {
        Path link = unpack(kind).resolve("bin/busybox-abs");

        assertThat(link).isSymbolicLink();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/bin/busybox"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_appliesUmociWhiteoutAndLeavesNoWhiteoutFile(Kind kind) throws Exception {
        Path rootfs = unpack(kind);

        assertThat(Files.exists(rootfs.resolve("data/a"), NOFOLLOW)).as("data/a deleted by layer 2").isFalse();
        try (Stream<Path> all = Files.walk(rootfs)) {
            assertThat(all.map(rootfs::relativize))
                    .noneMatch(path -> path.getFileName().toString().startsWith(".wh."));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_directoryUmociReplacedHoldsOnlyItsNewFile(Kind kind) throws Exception {
        Path sub = unpack(kind).resolve("data/sub");

        assertThat(TestArchives.namesIn(sub)).containsExactly("new");
        assertThat(sub.resolve("new")).hasContent(ThirdPartyImages.SUB_NEW);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_opaqueWhiteoutHidesEverythingLowerLayersPutInItsDirectory(Kind kind) throws Exception {
        Path opq = unpack(kind).resolve("data/opq");

        assertThat(TestArchives.namesIn(opq)).containsExactly("fresh");
        assertThat(opq.resolve("fresh")).hasContent(ThirdPartyImages.OPQ_FRESH);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_showsTheUpperLayersContentOfAModifiedFile(Kind kind) throws Exception {
        Path rootfs = unpack(kind);

        assertThat(rootfs.resolve("data/b")).hasContent(ThirdPartyImages.B_MODIFIED);
        assertThat(rootfs.resolve("etc/hostname")).hasContent(ThirdPartyImages.HOSTNAME);
        assertThat(TestArchives.namesIn(rootfs.resolve("data"))).containsExactly("b", "b-link", "opq", "sub");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_hardLinkSharesTheInodeOfItsTarget(Kind kind) throws Exception {
        Path rootfs = unpack(kind);
        Path target = rootfs.resolve("data/b");
        Path link = rootfs.resolve("data/b-link");

        assertThat(link).isRegularFile().hasContent(ThirdPartyImages.B_MODIFIED);
        assertThat(Files.getAttribute(link, "unix:ino", NOFOLLOW))
                .isEqualTo(Files.getAttribute(target, "unix:ino", NOFOLLOW));
        assertThat(Files.getAttribute(target, "unix:nlink", NOFOLLOW)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void unpackFlat_keepsFileModesIncludingSetuid(Kind kind) throws Exception {
        Path rootfs = unpack(kind);

        assertThat(mode(rootfs.resolve("bin/suid-tool"))).isEqualTo(04755);
        assertThat(rootfs.resolve("bin/suid-tool")).hasContent(ThirdPartyImages.SUID_TOOL);
        assertThat(mode(rootfs.resolve("bin/busybox"))).isEqualTo(0755);
        assertThat(mode(rootfs.resolve("data/b"))).isEqualTo(0644);
        assertThat(mode(rootfs.resolve("data"))).isEqualTo(0755);
    }

    // Picking one image out of several.

    @Test
    void open_umociLayoutByEarlierTagHasOnlyTheFirstLayerAndNoneOfItsChanges() throws Exception {
        Image image = Images.open(built.umociLayout(), ImageSelection.tag(ThirdPartyImages.LAYER1_TAG));
        Path rootfs = dir.resolve("rootfs");
        Layers.unpackFlat(image, rootfs);

        assertThat(image.layers()).hasSize(1);
        assertThat(image.config().cmd()).isEmpty();
        assertThat(TestArchives.namesIn(rootfs.resolve("data"))).containsExactly("a", "b", "opq", "sub");
        assertThat(rootfs.resolve("data/b")).hasContent("b\n");
        assertThat(TestArchives.namesIn(rootfs.resolve("data/opq"))).containsExactly("deeper", "old");
    }

    @Test
    void open_umociLayoutWithSeveralTagsAndNoneChosenFailsNamingThem() {
        assertThatThrownBy(() -> Images.open(built.umociLayout()))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining(built.umociLayout().toString())
                .hasMessageContainingAll(ThirdPartyImages.UMOCI_TAGS.toArray(String[]::new));
    }

    @Test
    void open_namesDockerArchiveImageByItsRepoTagInDockersShortForm() throws ImageException {
        // skopeo stores test/thirdparty:1 as docker.io/test/thirdparty:1; docker images shows it without docker.io/.
        assertThat(Images.open(built.dockerArchive()).name()).isEqualTo(ThirdPartyImages.REPO_TAG);
    }

    @ParameterizedTest(name = "tag {0}")
    @ValueSource(strings = {"2", "test/thirdparty:2", "docker.io/test/thirdparty:2"})
    void open_picksTheAdditionalTagOfATwoTagDockerArchive(String tag) throws ImageException {
        Image image = Images.open(built.dockerArchiveTwoTags(), ImageSelection.tag(tag));

        assertThat(image.name()).isEqualTo(ThirdPartyImages.SECOND_REPO_TAG);
        assertThat(image.id()).isEqualTo(built.configDigest());
        assertThat(image.layers()).hasSize(ThirdPartyImages.LAYERS);
    }

    private static Image open(Kind kind) throws ImageException {
        return Images.open(kind.path(built), kind.selection());
    }

    private Path unpack(Kind kind) throws ImageException {
        Path rootfs = dir.resolve("rootfs");
        Layers.unpackFlat(open(kind), rootfs);
        return rootfs;
    }

    private static Path hostBusybox() {
        Path bin = Path.of("/bin/busybox");
        return Files.isRegularFile(bin) ? bin : Path.of("/usr/bin/busybox");
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777;
    }

    private static InputStream stored(Layer layer) throws IOException {
        return new BufferedInputStream(new RangeInputStream(layer.file(), layer.offset(), layer.length()));
    }

    /** The layer's tar, decompressed here by its magic bytes, independently of jrun's own reader. */
    private static InputStream uncompressed(Layer layer) throws IOException {
        InputStream in = stored(layer);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && head[0] == (byte) 0x1f && head[1] == (byte) 0x8b) {
            return new GZIPInputStream(in);
        }
        if (head.length == 4 && head[0] == 0x28 && head[1] == (byte) 0xb5 && head[2] == 0x2f
                && head[3] == (byte) 0xfd) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    private static void hash(InputStream in, MessageDigest hasher) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            hasher.update(buffer, 0, n);
        }
    }
}
