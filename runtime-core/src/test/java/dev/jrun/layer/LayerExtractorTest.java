package dev.jrun.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrun.image.ImageException;
import dev.jrun.image.Images;
import dev.jrun.image.TestArchives;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.testimages.ArchiveOptions;
import dev.jrun.testimages.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {

    private static final Instant IMAGE_TIME = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void removeRootfs() throws IOException {
        TestArchives.empty(dir);
    }

    @Test
    void unpack_busyboxImage_createsBinaryAppletLinksAndEtc() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        dev.jrun.layer.Layers.unpackFlat(Images.open(TestArchives.built("busybox.tar")), rootfs);

        assertThat(rootfs.resolve("bin/busybox")).isExecutable().hasSize(Files.size(Path.of("/bin/busybox")));
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(rootfs.resolve("etc/passwd")).content().startsWith("root:x:0:0:root:/root:/bin/sh\n");
        assertThat(mode(rootfs.resolve("tmp"))).isEqualTo(01777);
        assertThat(mode(rootfs.resolve("root"))).isEqualTo(0700);
        assertThat(rootfs.resolve("work")).doesNotExist();
        assertThat(rootfs.resolve("etc/hostname")).doesNotExist();
        assertThat(Files.getLastModifiedTime(rootfs.resolve("bin")).toInstant()).isEqualTo(IMAGE_TIME);
        assertThat(Files.getLastModifiedTime(rootfs.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS).toInstant())
                .isEqualTo(IMAGE_TIME);
    }

    @Test
    void unpack_keepsSetuidSetgidAndStickyBits() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(List.of(
                LayerEntry.file("bin/su", 04755, "su"),
                LayerEntry.directory("var/mail", 02775),
                LayerEntry.directory("tmp", 01777))));

        assertThat(mode(rootfs.resolve("bin/su"))).isEqualTo(04755);
        assertThat(mode(rootfs.resolve("var/mail"))).isEqualTo(02775);
        assertThat(mode(rootfs.resolve("tmp"))).isEqualTo(01777);
    }

    @Test
    void unpack_setsOwnersWithoutFollowingSymlinks() throws IOException, ImageException {
        assumeTrue(new LinuxSyscalls().geteuid() == 0, "only root can give files away");
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(List.of(
                LayerEntry.file("home/user/notes", 0600, "x").ownedBy(1000, 1001),
                LayerEntry.file("etc/shadow", 0600, "x"),
                LayerEntry.symlink("home/user/shadow", "/etc/shadow").ownedBy(1000, 1001))));

        assertThat(owner(rootfs.resolve("home/user/notes"))).containsExactly(1000, 1001);
        assertThat(owner(rootfs.resolve("home/user/shadow"))).containsExactly(1000, 1001);
        assertThat(owner(rootfs.resolve("etc/shadow"))).containsExactly(0, 0);
    }

    @Test
    void unpack_whiteoutDeletesLowerEntry() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(
                List.of(LayerEntry.file("etc/keep", 0644, ""), LayerEntry.file("etc/gone", 0644, ""),
                        LayerEntry.file("var/cache/a/b", 0644, "")),
                List.of(LayerEntry.file("etc/.wh.gone", 0644, ""), LayerEntry.file("var/.wh.cache", 0644, ""))));

        assertThat(TestArchives.namesIn(rootfs.resolve("etc"))).containsExactly("keep");
        assertThat(TestArchives.namesIn(rootfs.resolve("var"))).isEmpty();
    }

    @Test
    void unpack_opaqueWhiteoutHidesLowerChildrenButKeepsItsOwn() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(
                List.of(LayerEntry.file("opt/old", 0644, ""), LayerEntry.file("opt/sub/old", 0644, ""),
                        LayerEntry.file("other/kept", 0644, "")),
                List.of(LayerEntry.file("opt/-new", 0644, ""), LayerEntry.file("opt/.wh..wh..opq", 0644, ""),
                        LayerEntry.file("opt/sub/new", 0644, ""))));

        assertThat(TestArchives.namesIn(rootfs.resolve("opt"))).containsExactly("-new", "sub");
        assertThat(TestArchives.namesIn(rootfs.resolve("opt/sub"))).containsExactly("new");
        assertThat(rootfs.resolve("other/kept")).exists();
    }

    @Test
    void unpack_fileReplacesLowerDirectoryAndSymlink() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(
                List.of(LayerEntry.file("x/child", 0644, ""), LayerEntry.file("etc/passwd", 0644, "root\n"),
                        LayerEntry.symlink("link", "/etc/passwd")),
                List.of(LayerEntry.file("x", 0644, "file\n"), LayerEntry.file("link", 0644, "replaced\n"))));

        assertThat(rootfs.resolve("x")).isRegularFile().hasContent("file");
        assertThat(rootfs.resolve("link")).isRegularFile().hasContent("replaced");
        assertThat(rootfs.resolve("etc/passwd")).hasContent("root");
    }

    @Test
    void unpack_fileNeverWritesThroughLowerHardLink() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(
                List.of(LayerEntry.file("a", 0644, "A"), LayerEntry.hardLink("b", "a")),
                List.of(LayerEntry.file("b", 0644, "B"))));

        assertThat(rootfs.resolve("a")).hasContent("A");
        assertThat(rootfs.resolve("b")).hasContent("B");
    }

    @Test
    void unpack_directoryOverDirectoryKeepsChildren() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(
                List.of(LayerEntry.file("etc/lower", 0644, "")),
                List.of(LayerEntry.directory("etc", 0700), LayerEntry.file("etc/upper", 0644, ""))));

        assertThat(TestArchives.namesIn(rootfs.resolve("etc"))).containsExactly("lower", "upper");
        assertThat(mode(rootfs.resolve("etc"))).isEqualTo(0700);
    }

    @Test
    void unpack_createsHardLinkToEntryInsideRootfs() throws IOException, ImageException {
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(List.of(
                LayerEntry.file("bin/busybox", 0755, "bb"), LayerEntry.hardLink("bin/sh", "/bin/busybox"))));

        assertThat(Files.isSameFile(rootfs.resolve("bin/sh"), rootfs.resolve("bin/busybox"))).isTrue();
    }

    @Test
    void unpack_rejectsSymlinkEscapingRoot() throws IOException, ImageException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path rootfs = dir.resolve("rootfs");

        TestArchives.unpack(dir, rootfs, List.of(
                List.of(LayerEntry.symlink("up", "../../../../../.."), LayerEntry.symlink("abs", outside.toString())),
                List.of(LayerEntry.file("up/escaped", 0644, "x"), LayerEntry.file("abs/escaped", 0644, "x"))));

        assertThat(TestArchives.namesIn(outside)).isEmpty();
        assertThat(TestArchives.namesIn(dir)).containsExactlyInAnyOrder("image.tar", "outside", "rootfs");
        assertThat(rootfs.resolve("escaped")).exists();
        assertThat(rootfs.resolve(outside.toString().substring(1)).resolve("escaped")).exists();
    }

    @Test
    void unpack_directoryReplacedBySymlinkKeepsItsModeOffTheHostTarget() throws IOException, ImageException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        int before = mode(outside);

        TestArchives.unpack(dir, dir.resolve("rootfs"), List.of(List.of(
                LayerEntry.directory("d", 0777), LayerEntry.symlink("d", outside.toString()))));

        assertThat(mode(outside)).isEqualTo(before).isNotEqualTo(0777);
    }

    @Test
    void unpack_rejectsHardLinkToHostFile() throws IOException {
        Path rootfs = dir.resolve("rootfs");

        assertThatThrownBy(() -> TestArchives.unpack(dir, rootfs, List.of(List.of(
                LayerEntry.symlink("hostetc", "/etc"), LayerEntry.hardLink("passwd", "hostetc/passwd")))))
                .isInstanceOf(ImageException.class)
                .hasMessageEndingWith("entry passwd: hard link to hostetc/passwd, which is not in the image");
        assertThat(rootfs.resolve("passwd")).doesNotExist();
    }

    @Test
    void unpack_rejectsHardLinkClimbingAboveRoot() throws IOException {
        assertThatThrownBy(() -> TestArchives.unpack(dir, dir.resolve("rootfs"), List.of(List.of(
                LayerEntry.hardLink("passwd", "../../etc/passwd")))))
                .hasMessageEndingWith("entry passwd: hard link to ../../etc/passwd escapes the rootfs");
    }

    @Test
    void unpack_toleratesLayerWithoutEndOfArchiveBlocks() throws Exception {
        byte[] tar = layerTar(List.of(LayerEntry.file("a", 0644, "a"), LayerEntry.file("b", 0644, "b")));
        byte[] withoutEnd = Arrays.copyOf(tar, 4 * 512);
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));

        extract(withoutEnd, rootfs);

        assertThat(TestArchives.namesIn(rootfs)).containsExactly("a", "b");
    }

    @Test
    void unpack_failsOnLayerTruncatedInsideAHeader() throws Exception {
        byte[] tar = layerTar(List.of(LayerEntry.file("a", 0644, "a"), LayerEntry.file("b", 0644, "b")));
        byte[] cut = Arrays.copyOf(tar, 2 * 512 + 100);
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));

        assertThatThrownBy(() -> extract(cut, rootfs))
                .hasMessage("layer test: truncated in the middle of the entry after a");
    }

    @Test
    void unpack_makesDeviceNodesOnlyAsRoot() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.putArchiveEntry(new TarArchiveEntry("dev/null", TarConstants.LF_CHR));
            out.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry("dev/README");
            file.setSize(1);
            out.putArchiveEntry(file);
            out.write('x');
            out.closeArchiveEntry();
        }
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));

        extract(tar.toByteArray(), rootfs);

        boolean root = new LinuxSyscalls().geteuid() == 0;
        assertThat(TestArchives.namesIn(rootfs.resolve("dev")))
                .containsExactlyElementsOf(root ? List.of("README", "null") : List.of("README"));
    }

    @Test
    void unpack_setsBinaryXattrsExactlyAsThePaxHeaderHoldsThem() throws Exception {
        byte[] value = {0x01, 0x00, (byte) 0x80, (byte) 0xc0, (byte) 0xff, 0x00};
        byte[] record = paxRecord("SCHILY.xattr.user.jrun", value);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        TarArchiveEntry pax = new TarArchiveEntry("./PaxHeaders/f", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        pax.setSize(record.length);
        block(tar, pax, record);
        TarArchiveEntry file = new TarArchiveEntry("f");
        file.setSize(1);
        block(tar, file, new byte[] {'x'});
        tar.write(new byte[1024]);
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));
        assumeUserXattrs(rootfs);

        extract(tar.toByteArray(), rootfs);

        var view = Files.getFileAttributeView(rootfs.resolve("f"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        java.nio.ByteBuffer read = java.nio.ByteBuffer.allocate(16);
        view.read("jrun", read);
        assertThat(Arrays.copyOf(read.array(), read.position())).isEqualTo(value);
    }

    /** Skips unless {@code dir}'s filesystem takes user.* xattrs (tmpfs does from Linux 6.6 on). */
    private static void assumeUserXattrs(Path dir) throws IOException {
        Path probe = Files.createFile(dir.resolve(".xattr-probe"));
        try {
            Files.getFileAttributeView(probe, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                    .write("probe", java.nio.ByteBuffer.wrap(new byte[] {1}));
        } catch (java.nio.file.FileSystemException e) {
            assumeTrue(false, "the temporary directory's filesystem takes no user.* xattrs (" + e.getReason()
                    + "; tmpfs before Linux 6.6)");
        } finally {
            Files.delete(probe);
        }
    }

    /** A PAX record, {@code LENGTH KEY=VALUE\n}, whose value is any bytes. */
    private static byte[] paxRecord(String key, byte[] value) {
        int rest = 1 + key.length() + 1 + value.length + 1;
        int length = rest + Integer.toString(rest).length();
        length = rest + Integer.toString(length).length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((length + " " + key + "=").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.write('\n');
        return out.toByteArray();
    }

    /** One header and its data, padded to 512-byte blocks. */
    private static void block(ByteArrayOutputStream tar, TarArchiveEntry entry, byte[] data) {
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        tar.writeBytes(header);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    @Test
    void unpack_asAnUnprivilegedUser_makesNoDeviceNodesAndGivesNothingAway() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry disk = new TarArchiveEntry("dev/sda", TarConstants.LF_BLK);
            disk.setDevMajor(8);
            out.putArchiveEntry(disk);
            out.closeArchiveEntry();
            TarArchiveEntry owned = new TarArchiveEntry("owned");
            owned.setUserId(4242);
            owned.setSize(0);
            out.putArchiveEntry(owned);
            out.closeArchiveEntry();
        }
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));
        // The real calls, but jrun believes it is uid 1000: what a rootless unpack does, checked as root too.
        LinuxSyscalls real = new LinuxSyscalls();
        Syscalls user = (Syscalls) java.lang.reflect.Proxy.newProxyInstance(Syscalls.class.getClassLoader(),
                new Class<?>[] {Syscalls.class}, (proxy, method, args) -> {
                    if (method.getName().equals("geteuid")) {
                        return 1000;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        try (RootDir root = new RootDir(user, rootfs)) {
            new LayerExtractor("test", root, Whiteouts.APPLY).extract(new ByteArrayInputStream(tar.toByteArray()));
        }

        assertThat(TestArchives.namesIn(rootfs.resolve("dev"))).isEmpty();
        assertThat(owner(rootfs.resolve("owned")).get(0)).isEqualTo(new LinuxSyscalls().geteuid());
    }

    /** The uncompressed layer tar the writer produces, read back through the image reader. */
    private byte[] layerTar(List<LayerEntry> entries) throws IOException, ImageException {
        Path archive = TestArchives.write(Files.createDirectories(dir.resolve("archive")), ArchiveOptions.PLAIN,
                List.of(entries));
        try (InputStream in = Images.open(archive).layers().get(0).openRaw()) {
            return in.readAllBytes();
        }
    }

    /** Applies one layer tar, named "test", to {@code rootfs} as flat unpacking does. */
    private static void extract(byte[] tar, Path rootfs) throws ImageException, SyscallException {
        try (RootDir root = new RootDir(new LinuxSyscalls(), rootfs)) {
            new LayerExtractor("test", root, Whiteouts.APPLY).extract(new ByteArrayInputStream(tar));
        }
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
    }

    private static List<Integer> owner(Path path) throws IOException {
        return List.of((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }
}
