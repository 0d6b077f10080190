package dev.jrun.layer;

import static dev.jrun.layer.HostileArchives.blockDevice;
import static dev.jrun.layer.HostileArchives.charDevice;
import static dev.jrun.layer.HostileArchives.directory;
import static dev.jrun.layer.HostileArchives.fifo;
import static dev.jrun.layer.HostileArchives.file;
import static dev.jrun.layer.HostileArchives.hardLink;
import static dev.jrun.layer.HostileArchives.layer;
import static dev.jrun.layer.HostileArchives.opaqueWhiteout;
import static dev.jrun.layer.HostileArchives.pax;
import static dev.jrun.layer.HostileArchives.symlink;
import static dev.jrun.layer.HostileArchives.whiteout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrun.image.ImageException;
import dev.jrun.image.Images;
import dev.jrun.layer.HostileArchives.Entry;
import dev.jrun.layer.HostileArchives.Written;
import dev.jrun.rootfs.HostTrees;
import dev.jrun.testing.Privileged;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile layers against {@code Layers.unpackFlat}: each one unpacks into {@code <tmp>/root/rootfs}
 * next to a "host" tree ({@code <tmp>/root/host/secret}, {@code <tmp>/root/host/dir/inner}). Whatever
 * the layer tries, the unpack either fails with an {@link ImageException} whose one-line message
 * names the layer (and the entry, where there is one to name), or succeeds having written only
 * inside the rootfs. Either way every file outside the rootfs keeps its type, content, size, mode,
 * owner, link count, link target and times; no file in the rootfs shares an inode with one outside;
 * a unique {@code /tmp/jrun-escape-<random>} the attacks aim at is never created; and as non-root
 * no device node appears. Which of "refuse" or "contain" an extractor picks is its policy; only the
 * digest check and the lying size fields must fail.
 */
class MaliciousLayersTest {

    private static final String SECRET = "host secret\n";
    private static final String INNER = "inner\n";
    private static final String PWNED = "pwned\n";
    private static final long MIB = 1024 * 1024;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    private static final long TIB = 1L << 40;
    /**
     * The hole of the sparse attack. Commons Compress reads sparse sizes as ints (2 GiB at most), and
     * an extractor that writes holes out as zeros writes all of it, so it is kept to what a failing
     * run can afford.
     */
    private static final long SPARSE_HOLE = 256 * MIB;
    /** What the size attacks may write at the most, even for a moment: the claims are far bigger. */
    private static final long WRITE_LIMIT = 16 * MIB;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;

    private Where at;

    /**
     * The places an attack aims at, absolute: the rootfs, the host tree beside it, and the escape
     * path under /tmp that must never appear.
     */
    record Where(Path tmp, Path root, Path rootfs, Path host, Path secret, Path hostDir, Path escape) {

        /** {@code p} without its leading "/", to reach it through a symlink to "/". */
        static String fromSlash(Path p) {
            return p.toString().substring(1);
        }
    }

    @BeforeEach
    void plantHostTree() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path host = Files.createDirectory(root.resolve("host"));
        Path secret = Files.writeString(host.resolve("secret"), SECRET);
        Files.setAttribute(secret, "unix:mode", 0600);
        Path hostDir = Files.createDirectory(host.resolve("dir"));
        Files.writeString(hostDir.resolve("inner"), INNER);
        Path escape = Path.of("/tmp", "jrun-escape-" + UUID.randomUUID());
        at = new Where(tmp, root, root.resolve("rootfs"), host, secret, hostDir, escape);
    }

    @AfterEach
    void removeEverything() throws IOException {
        // Not through JUnit's cleanup: it would complain about symlinks aiming out of the temp dir.
        HostTrees.delete(at.escape());
        try (Stream<Path> children = Files.list(tmp)) {
            for (Path child : children.toList()) {
                makeWritable(child);
                HostTrees.delete(child);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The attacks

    static Stream<Named<Attack>> attacks() {
        return Stream.of(
                // Entry names that climb out or are absolute.
                attack("entry '../escape' climbs out of the rootfs",
                        w -> List.of(layer(file("../escape", PWNED)))).naming("escape"),
                attack("entry '../host/secret' overwrites the sibling host file",
                        w -> List.of(layer(file("../host/secret", PWNED)))).naming("host/secret"),
                attack("entry 'a/../../escape' descends, then climbs out",
                        w -> List.of(layer(directory("a"), file("a/../../escape", PWNED)))).naming("escape"),
                attack("entry 'a/./../../host/secret' hides its climb behind '.' parts",
                        w -> List.of(layer(file("a/./../../host/secret", PWNED)))).naming("host/secret"),
                attack("entry '../../../…/tmp/jrun-escape-*' climbs 40 levels to the escape path",
                        w -> List.of(layer(file("../".repeat(40) + Where.fromSlash(w.escape()), PWNED))))
                        .naming("jrun-escape-"),
                attack("directory entry '../host/dir/made/' creates a directory outside",
                        w -> List.of(layer(directory("../host/dir/made")))).naming("made"),
                attack("absolute entry '/abs/path' lands inside the rootfs",
                        w -> List.of(layer(file("/abs/path", "abs\n")))).naming("abs/path")
                        .ifUnpacked(w -> assertThat(w.rootfs().resolve("abs/path")).hasContent("abs")),
                attack("absolute entry naming the host file's real path overwrites it",
                        w -> List.of(layer(file(w.secret().toString(), PWNED)))).naming("secret"),
                attack("absolute entry '/tmp/jrun-escape-*/pwned' writes the escape path",
                        w -> List.of(layer(file(w.escape() + "/pwned", PWNED)))).naming("pwned"),

                // Writing through a symlink the layer just made (CVE-2014-9356, CVE-2018-15664 class).
                attack("symlink 'link -> ../host', then file 'link/pwned' through it",
                        w -> List.of(layer(symlink("link", "../host"), file("link/pwned", PWNED))))
                        .naming("pwned"),
                attack("symlink 'link -> ../host', then file 'link/secret' overwrites the host file",
                        w -> List.of(layer(symlink("link", "../host"), file("link/secret", PWNED))))
                        .naming("link/secret"),
                attack("symlink 'link -> <absolute host dir>', then file 'link/secret'",
                        w -> List.of(layer(symlink("link", w.host().toString()), file("link/secret", PWNED))))
                        .naming("link/secret"),
                attack("symlink 'link -> /', then file 'link/<absolute host path>/secret'",
                        w -> List.of(layer(symlink("link", "/"),
                                file("link/" + Where.fromSlash(w.secret()), PWNED)))).naming("secret"),
                attack("symlink 'link -> /tmp', then file 'link/jrun-escape-*'",
                        w -> List.of(layer(symlink("link", "/tmp"),
                                file("link/" + w.escape().getFileName(), PWNED)))).naming("jrun-escape-"),
                attack("symlink chain 'a -> b', 'b -> ../host', then file 'a/pwned'",
                        w -> List.of(layer(symlink("b", "../host"), symlink("a", "b"), file("a/pwned", PWNED))))
                        .naming("pwned"),
                attack("symlink 'link -> ../host/dir', then directory 'link/made/' through it",
                        w -> List.of(layer(symlink("link", "../host/dir"), directory("link/made"))))
                        .naming("made"),
                attack("symlink 'link -> ../host/dir', then FIFO 'link/fifo' through it",
                        w -> List.of(layer(symlink("link", "../host/dir"), fifo("link/fifo")))).naming("fifo"),
                attack("layer 1 symlink 'link -> ../host', layer 2 file 'link/pwned'",
                        w -> List.of(layer(symlink("link", "../host")), layer(file("link/pwned", PWNED))))
                        .naming("pwned"),
                attack("layer 1 symlink 'link -> /', layer 2 file 'link/<absolute host path>/secret'",
                        w -> List.of(layer(symlink("link", "/")),
                                layer(file("link/" + Where.fromSlash(w.secret()), PWNED)))).naming("secret"),
                attack("layer 1 symlink 'link -> <absolute host secret>', layer 2 file 'link' (owner 4242, mode 6777)",
                        w -> List.of(layer(symlink("link", w.secret().toString())),
                                layer(file("link", PWNED).ownedBy(4242, 4242).withMode(06777)))).naming("link")
                        .ifUnpacked(w -> assertThat(w.rootfs().resolve("link")).isRegularFile().hasContent(PWNED)),
                attack("layer 1 symlink 'd -> <absolute host dir>', layer 2 directory 'd/' (owner 4242, mode 0777)",
                        w -> List.of(layer(symlink("d", w.hostDir().toString())),
                                layer(directory("d").ownedBy(4242, 4242).withMode(0777)))).naming("d"),

                // Whiteouts aimed through symlinks or at "..".
                attack("layer 1 symlink 'link -> ../host', layer 2 whiteout 'link/.wh.secret'",
                        w -> List.of(layer(symlink("link", "../host")), layer(whiteout("link/secret"))))
                        .naming(".wh.secret"),
                attack("layer 1 symlink 'link -> <absolute host dir>', layer 2 whiteout 'link/.wh.secret'",
                        w -> List.of(layer(symlink("link", w.host().toString())), layer(whiteout("link/secret"))))
                        .naming(".wh.secret"),
                attack("layer 1 symlink 'link -> /', layer 2 whiteout 'link/<absolute host path>/.wh.secret'",
                        w -> List.of(layer(symlink("link", "/")),
                                layer(whiteout("link/" + Where.fromSlash(w.secret()))))).naming(".wh.secret"),
                attack("absolute whiteout '<absolute host dir>/.wh.secret'",
                        w -> List.of(layer(file("placeholder", "")), layer(whiteout(w.secret().toString()))))
                        .naming(".wh.secret"),
                attack("whiteout '../.wh.host' deletes the sibling host tree",
                        w -> List.of(layer(file("placeholder", "")), layer(whiteout("../host"))))
                        .naming(".wh.host"),
                attack("whiteout '.wh...' hides '..', the rootfs' parent",
                        w -> List.of(layer(file("placeholder", "")), layer(whiteout("..")))).naming(".wh..."),
                attack("whiteout 'sub/.wh...' hides 'sub/..', the rootfs itself",
                        w -> List.of(layer(file("sub/f", "")), layer(whiteout("sub/..")))).naming(".wh..."),
                attack("whiteout '.wh..' hides '.', the rootfs itself",
                        w -> List.of(layer(file("placeholder", "")), layer(whiteout(".")))).naming(".wh.."),
                attack("layer 1 symlink 'link -> <absolute host dir>', layer 2 opaque whiteout 'link/.wh..wh..opq'",
                        w -> List.of(layer(symlink("link", w.hostDir().toString())), layer(opaqueWhiteout("link"))))
                        .naming(HostileArchives.OPAQUE),
                attack("layer 1 symlink 'link -> ../host/dir', layer 2 opaque whiteout 'link/.wh..wh..opq'",
                        w -> List.of(layer(symlink("link", "../host/dir")), layer(opaqueWhiteout("link"))))
                        .naming(HostileArchives.OPAQUE),
                attack("opaque whiteout of 'd' whose lower child 'd/out' is a symlink to the host tree",
                        w -> List.of(layer(directory("d"), symlink("d/out", w.host().toString()),
                                symlink("d/up", "../../host")), layer(opaqueWhiteout("d"))))
                        .naming(HostileArchives.OPAQUE)
                        .ifUnpacked(w -> assertThat(w.rootfs().resolve("d/out")).doesNotExist()),

                // Hard links whose target is outside, directly or through a symlink.
                attack("hard link 'hardlink-up' to '../host/secret'",
                        w -> List.of(layer(hardLink("hardlink-up", "../host/secret")))).naming("hardlink-up")
                        .ifUnpacked(w -> writeProbe(w.rootfs().resolve("hardlink-up"))),
                attack("hard link 'hardlink-abs' to the host file's absolute path",
                        w -> List.of(layer(hardLink("hardlink-abs", w.secret().toString())))).naming("hardlink-abs")
                        .ifUnpacked(w -> writeProbe(w.rootfs().resolve("hardlink-abs"))),
                attack("hard link 'hardlink-via' to 'link/secret' through 'link -> ../host'",
                        w -> List.of(layer(symlink("link", "../host"), hardLink("hardlink-via", "link/secret"))))
                        .naming("hardlink-via")
                        .ifUnpacked(w -> writeProbe(w.rootfs().resolve("hardlink-via"))),
                attack("layer 1 symlink 'link -> /', layer 2 hard link 'hardlink-via' to 'link/<absolute host path>'",
                        w -> List.of(layer(symlink("link", "/")),
                                layer(hardLink("hardlink-via", "link/" + Where.fromSlash(w.secret())))))
                        .naming("hardlink-via")
                        .ifUnpacked(w -> writeProbe(w.rootfs().resolve("hardlink-via"))),
                attack("hard link 'hardlink-sl' to symlink 'sl -> <absolute host secret>'",
                        w -> List.of(layer(symlink("sl", w.secret().toString()), hardLink("hardlink-sl", "sl"))))
                        .naming("hardlink-sl")
                        .ifUnpacked(w -> writeProbe(w.rootfs().resolve("hardlink-sl"))),
                attack("layer 2 hard link 'hardlink-sl' to a lower symlink 'sl -> ../host/secret'",
                        w -> List.of(layer(symlink("sl", "../host/secret")), layer(hardLink("hardlink-sl", "sl"))))
                        .naming("hardlink-sl")
                        .ifUnpacked(w -> writeProbe(w.rootfs().resolve("hardlink-sl"))),

                // Device nodes and FIFOs.
                attack("character device 'dev/null' (c 1 3)",
                        w -> List.of(layer(directory("dev"), charDevice("dev/null", 1, 3)))).naming("dev/null"),
                attack("block device 'dev/sda' (b 8 0)",
                        w -> List.of(layer(directory("dev"), blockDevice("dev/sda", 8, 0)))).naming("dev/sda"),
                attack("as non-root: character device 'dev/zero' (c 1 5) is refused or skipped, never made",
                        w -> List.of(layer(charDevice("dev/zero", 1, 5)))).naming("dev/zero").nonRootOnly()
                        .always(w -> assertThat(w.rootfs().resolve("dev/zero")).satisfiesAnyOf(
                                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isRegularFile().isEmptyFile())),
                attack("as root: block device 'link/sda' (b 8 0) through 'link -> <absolute host dir>'",
                        w -> List.of(layer(symlink("link", w.hostDir().toString()), blockDevice("link/sda", 8, 0))))
                        .naming("sda").rootOnly(),
                attack("as root: character device '../host/dir/mem' (c 1 1) climbing out",
                        w -> List.of(layer(charDevice("../host/dir/mem", 1, 1)))).naming("mem").rootOnly(),

                // Duplicate names.
                attack("file 'x', then directory 'x/', then file 'x/y'",
                        w -> List.of(layer(file("x", "file\n"), directory("x"), file("x/y", "y\n")))).naming("x"),
                attack("directory 'd/', then symlink 'd -> ../host', then file 'd/pwned'",
                        w -> List.of(layer(directory("d"), file("d/before", ""), symlink("d", "../host"),
                                file("d/pwned", PWNED)))).naming("d/pwned"),
                attack("directory 'd/', then symlink 'd -> <absolute host dir>', then directory 'd/' mode 0777",
                        w -> List.of(layer(directory("d"), symlink("d", w.host().toString()),
                                directory("d").withMode(0777)))).naming("d"),
                attack("layer 1 directory 'd/', layer 2 symlink 'd -> <absolute host dir>', whiteout 'd/.wh.secret'",
                        w -> List.of(layer(directory("d"), file("d/secret", "lower\n")),
                                layer(symlink("d", w.host().toString()), whiteout("d/secret")))).naming("secret"),

                // Size claims: must fail, naming the entry, without writing what they claim.
                attack("1 TiB size claim in a layer truncated after 5 bytes",
                        w -> List.of(layer(file("etc/ok", "ok\n"), file("huge.bin", "start").claimingSize(TIB))))
                        .mustFail().naming("huge.bin").writingAtMost(WRITE_LIMIT)
                        .always(w -> assertSmallIfPresent(w.rootfs().resolve("huge.bin"))),
                attack("GNU sparse (PAX 0.0) file with a 256 MiB hole and its only data block missing",
                        w -> List.of(layer(pax("GNU.sparse.size", String.valueOf(SPARSE_HOLE + 1),
                                        "GNU.sparse.numblocks", "1", "GNU.sparse.offset", String.valueOf(SPARSE_HOLE),
                                        "GNU.sparse.numbytes", "1"),
                                file("sparse.bin", "").claimingSize(1))))
                        .mustFail().naming("sparse.bin").writingAtMost(WRITE_LIMIT)
                        .always(w -> assertSmallIfPresent(w.rootfs().resolve("sparse.bin"))),

                // The layer is not the one the config lists.
                attack("rootfs.diff_ids lists a wrong digest for layer 2",
                        w -> List.of(layer(file("etc/one", "1\n")), layer(file("etc/two", "2\n"))))
                        .withWrongDiffId(1).mustFailSaying("digest", "diff_id"),

                // PAX headers: long names, NULs, names that differ from the ustar header.
                attack("PAX path '../host/secret' behind a harmless ustar name",
                        w -> List.of(layer(pax("path", "../host/secret"), file("harmless", PWNED))))
                        .naming("secret"),
                attack("PAX path with a NUL, 'ok\\0/../../host/secret'",
                        w -> List.of(layer(pax("path", "ok\0/../../host/secret"), file("harmless", PWNED)))),
                attack("PAX linkpath with a NUL, symlink 'link -> ..\\0/host', then 'link/pwned'",
                        w -> List.of(layer(pax("linkpath", "..\0/host"), symlink("link", "harmless"),
                                file("link/pwned", PWNED)))),
                attack("PAX path of 1.5 KiB: 300 levels down, 301 up, into host/secret",
                        w -> List.of(layer(file("d/".repeat(300) + "../".repeat(301) + "host/secret", PWNED))))
                        .naming("host/secret"),
                attack("PAX linkpath of 1 KiB: symlink 'link -> ../../…/<absolute host dir>', then 'link/pwned'",
                        w -> List.of(layer(symlink("link", "../".repeat(300) + Where.fromSlash(w.host())),
                                file("link/pwned", PWNED)))).naming("pwned"))
                .map(a -> Named.of(a.name(), a));
    }

    // ---------------------------------------------------------------------------------------------
    // The one test

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void hostileLayer_neverChangesAnythingOutsideTheRootfs(Attack attack) throws Exception {
        attack.who().assume();
        List<List<Entry>> layers = attack.layers().apply(at);
        Path archive = tmp.resolve("image.tar");
        Written written = attack.wrongDiffId() < 0 ? HostileArchives.write(archive, layers)
                : HostileArchives.writeWithWrongDiffId(archive, layers, attack.wrongDiffId());
        Map<String, Node> before = outside();

        Outcome outcome = unpackWithinLimits(archive, at.rootfs());

        SoftAssertions softly = new SoftAssertions();
        softly.check(() -> assertOutcome(attack, outcome, written.namesOfLayer(attack.layerIndex(layers))));
        if (attack.writeLimit() >= 0) {
            softly.check(() -> assertThat(outcome.peakBytes())
                    .as("bytes the rootfs held at the most during the unpack (sampled)")
                    .isLessThanOrEqualTo(attack.writeLimit()));
        }
        if (outcome.succeeded() && attack.ifUnpacked() != null) {
            softly.check(() -> attack.ifUnpacked().check(at));
        }
        if (attack.always() != null) {
            softly.check(() -> attack.always().check(at));
        }
        // After the checks above: some of them write into the rootfs, which must not reach outside either.
        softly.check(() -> assertThat(differences(before, outside()))
                .as("changes outside %s (this must be empty)", at.rootfs()).isEmpty());
        softly.check(() -> assertThat(Files.exists(at.escape(), NOFOLLOW))
                .as("%s was created", at.escape()).isFalse());
        softly.check(() -> assertThat(inodesSharedWithOutside())
                .as("files in the rootfs that are hard links to files outside it").isEmpty());
        if (!Privileged.isRoot()) {
            softly.check(() -> assertThat(deviceNodesIn(at.rootfs()))
                    .as("device nodes made by a non-root unpack").isEmpty());
        }
        if (!softly.errorsCollected().isEmpty()) {
            // Surefire's report shows only the case's index; say which attack this was.
            throw new AssertionError("attack \"" + attack.name() + "\": " + softly.errorsCollected().size()
                    + " problem(s)\n" + softly.errorsCollected().stream().map(Throwable::getMessage)
                    .collect(Collectors.joining("\n---\n")));
        }
    }

    private static void assertOutcome(Attack attack, Outcome outcome, List<String> layerNames) {
        assertThat(outcome.hung()).as("the unpack hung").isNull();
        if (outcome.succeeded()) {
            assertThat(attack.failureRequired()).as("the unpack succeeded, but must fail").isFalse();
            return;
        }
        Throwable failure = outcome.failure();
        assertThat(failure).as("the unpack failed, but not with an ImageException:%n%s", stackTrace(failure))
                .isInstanceOf(ImageException.class);
        String message = failure.getMessage();
        assertThat(message).as("the message of %s", failure).isNotBlank();
        assertThat(message.chars().filter(Character::isISOControl).count())
                .as("control characters (newlines, NULs, ...) in the message %s", message.replaceAll(
                        "\\p{Cntrl}", "^")).isZero();
        assertThat(message).as("the message names the layer").containsAnyOf(layerNames.toArray(String[]::new));
        for (String mention : attack.mentions()) {
            assertThat(message).as("the message names the entry").contains(mention);
        }
        if (!attack.mustSayAnyOf().isEmpty()) {
            assertThat(message).containsAnyOf(attack.mustSayAnyOf().toArray(String[]::new));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Checks some attacks add

    /** If {@code file} is a regular file, appends to it: that must change nothing outside the rootfs. */
    private static void writeProbe(Path file) throws IOException {
        if (Files.isRegularFile(file, NOFOLLOW)) {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    NOFOLLOW)) {
                out.write("probe\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void assertSmallIfPresent(Path file) throws IOException {
        if (Files.exists(file, NOFOLLOW)) {
            assertThat(Files.size(file)).as("size of %s", file).isLessThanOrEqualTo(MIB);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Running the unpack, with a time limit

    /**
     * What became of the unpack: {@code failure} is what it threw; {@code hung} says if it never
     * finished; {@code peakBytes} is the most the rootfs was seen to hold while it ran (sampled, so a
     * lower bound).
     */
    record Outcome(Throwable failure, String hung, long peakBytes) {

        boolean succeeded() {
            return failure == null && hung == null;
        }
    }

    /**
     * Runs {@code Images.open} and {@code Layers.unpackFlat} on a thread of their own, sampling how
     * many bytes the rootfs holds every few milliseconds (an extractor that writes a claimed size out
     * and deletes it on failure still shows), and giving up on the thread after {@link #TIME_LIMIT}
     * (a symlink loop an extractor keeps following, say). Such a thread
     * cannot be stopped (file channels from {@code Files.newOutputStream} ignore interrupts), so no
     * attack may cost much if honoured: the 1 TiB claim brings only 5 bytes, and the sparse hole,
     * which the tar reader itself fills with zeros, is {@link #SPARSE_HOLE}.
     */
    private static Outcome unpackWithinLimits(Path archive, Path rootfs) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                Layers.unpackFlat(Images.open(archive), rootfs);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "hostile-unpack");
        worker.setDaemon(true);
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        long peak = 0;
        worker.start();
        while (worker.isAlive()) {
            if (System.nanoTime() > deadline) {
                worker.interrupt();
                return new Outcome(null, "the unpack was still running after " + TIME_LIMIT, peak);
            }
            peak = Math.max(peak, bytesUnder(rootfs));
            worker.join(5);
        }
        return new Outcome(failure.get(), null, peak);
    }

    /** The sizes of the regular files under {@code dir}, as far as a walk racing the unpack sees them. */
    private static long bytesUnder(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.isRegularFile() ? attrs.size() : 0;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Not there yet, or changing under the walk: the next sample sees it.
        }
        return total[0];
    }

    // ---------------------------------------------------------------------------------------------
    // Snapshots of the tree outside the rootfs

    /** What can change about a file, as lstat and its content tell. */
    record Node(String type, int mode, int uid, int gid, int nlink, long size, String content, String linkTarget,
                FileTime mtime, FileTime ctime, long dev, long ino, long rdev) {

        Node withoutTimesLinkCountAndSize() {
            return new Node(type, mode, uid, gid, 0, 0, content, linkTarget, null, null, dev, ino, rdev);
        }
    }

    /** Every path under the temp dir but the rootfs and what is below it, by path relative to the temp dir. */
    private Map<String, Node> outside() throws IOException {
        Map<String, Node> nodes = new TreeMap<>();
        Files.walkFileTree(tmp, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(at.rootfs())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                record(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.equals(at.rootfs())) {
                    record(file);
                }
                return FileVisitResult.CONTINUE;
            }

            private void record(Path path) throws IOException {
                Node node = node(path);
                // Making the rootfs changes its parent's times and link count, nothing else; and its
                // size on tmpfs, where a directory's size counts its entries (ext4's counts blocks).
                nodes.put(tmp.relativize(path).toString(), path.equals(at.root()) ? node.withoutTimesLinkCountAndSize()
                        : node);
            }
        });
        return nodes;
    }

    private static Node node(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:*", NOFOLLOW);
        int mode = (Integer) a.get("mode");
        String type = switch (mode & 0170000) {
            case 0100000 -> "file";
            case 0040000 -> "directory";
            case 0120000 -> "symlink";
            case 0020000 -> "char device";
            case 0060000 -> "block device";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            default -> "type " + Integer.toOctalString(mode);
        };
        String content = type.equals("file") ? sha256(path) : null;
        String target = type.equals("symlink") ? Files.readSymbolicLink(path).toString() : null;
        return new Node(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("nlink"),
                (Long) a.get("size"), content, target, (FileTime) a.get("lastModifiedTime"),
                (FileTime) a.get("ctime"), (Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("rdev"));
    }

    private static List<String> differences(Map<String, Node> before, Map<String, Node> after) {
        List<String> changes = new ArrayList<>();
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths) {
            Node was = before.get(path);
            Node is = after.get(path);
            if (was == null) {
                changes.add("created " + path + ": " + is);
            } else if (is == null) {
                changes.add("deleted " + path + ": " + was);
            } else if (!was.equals(is)) {
                changes.add("changed " + path + ": " + was + " -> " + is);
            }
        }
        return changes;
    }

    /** Rootfs paths whose (dev, inode) is also a non-directory outside the rootfs: hard links out. */
    private List<String> inodesSharedWithOutside() throws IOException {
        Map<List<Long>, String> outsideInodes = outside().entrySet().stream()
                .filter(e -> !e.getValue().type().equals("directory"))
                .collect(Collectors.toMap(e -> List.of(e.getValue().dev(), e.getValue().ino()), Map.Entry::getKey,
                        (a, b) -> a));
        List<String> shared = new ArrayList<>();
        walkRootfs(path -> {
            Node node = node(path);
            String twin = outsideInodes.get(List.of(node.dev(), node.ino()));
            if (!node.type().equals("directory") && twin != null) {
                shared.add(at.rootfs().relativize(path) + " is " + twin);
            }
        });
        return shared;
    }

    private List<String> deviceNodesIn(Path rootfs) throws IOException {
        List<String> devices = new ArrayList<>();
        walkRootfs(path -> {
            Node node = node(path);
            if (node.type().endsWith("device")) {
                devices.add(rootfs.relativize(path) + " (" + node.type() + ")");
            }
        });
        return devices;
    }

    @FunctionalInterface
    private interface PathVisitor {
        void visit(Path path) throws IOException;
    }

    private void walkRootfs(PathVisitor visitor) throws IOException {
        if (!Files.exists(at.rootfs(), NOFOLLOW)) {
            return;
        }
        Files.walkFileTree(at.rootfs(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                visitor.visit(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                visitor.visit(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest hasher = dev.jrun.image.Digest.hasher("sha256");
        try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                hasher.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(hasher.digest());
    }

    /** A failed attack may leave a directory without write permission (mode 0000 from a layer); cleanup needs it. */
    private static void makeWritable(Path path) throws IOException {
        if (Files.isDirectory(path, NOFOLLOW)) {
            Files.setAttribute(path, "unix:mode", 0755, NOFOLLOW);
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    makeWritable(child);
                }
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Describing attacks

    @FunctionalInterface
    interface Check {
        void check(Where where) throws Exception;
    }

    enum Who {
        ANYONE, ROOT_ONLY, NON_ROOT_ONLY;

        void assume() {
            switch (this) {
                case ROOT_ONLY -> assumeTrue(Privileged.isRoot(), "needs root: only root can make device nodes");
                case NON_ROOT_ONLY -> assumeFalse(Privileged.isRoot(),
                        "runs only as non-root, where making a device must fail or be skipped");
                default -> {
                }
            }
        }
    }

    /**
     * One hostile image.
     *
     * @param failingLayer the index of the layer the attack is in, which a failure must name; -1 for the last
     * @param mentions what a failure message must contain besides the layer, usually the entry name
     * @param failureRequired whether the unpack must fail (else refusing and containing are both fine)
     * @param mustSayAnyOf if not empty, a failure message must contain one of these
     * @param ifUnpacked checked only if the unpack succeeded
     * @param always checked whatever the outcome
     * @param wrongDiffId the layer whose diff_id the config gets wrong, or -1
     * @param writeLimit the most bytes the rootfs may be seen holding during the unpack, or -1 for no limit
     */
    record Attack(String name, Function<Where, List<List<Entry>>> layers, int failingLayer, List<String> mentions,
                  boolean failureRequired, List<String> mustSayAnyOf, Check ifUnpacked, Check always, Who who,
                  int wrongDiffId, long writeLimit) {

        Attack {
            Objects.requireNonNull(name);
            mentions = List.copyOf(mentions);
            mustSayAnyOf = List.copyOf(mustSayAnyOf);
        }

        int layerIndex(List<List<Entry>> built) {
            return failingLayer < 0 ? built.size() - 1 : failingLayer;
        }

        Attack naming(String... entry) {
            return new Attack(name, layers, failingLayer, List.of(entry), failureRequired, mustSayAnyOf, ifUnpacked,
                    always, who, wrongDiffId, writeLimit);
        }

        Attack mustFail() {
            return new Attack(name, layers, failingLayer, mentions, true, mustSayAnyOf, ifUnpacked, always, who,
                    wrongDiffId, writeLimit);
        }

        Attack mustFailSaying(String... anyOf) {
            return new Attack(name, layers, failingLayer, mentions, true, List.of(anyOf), ifUnpacked, always, who,
                    wrongDiffId, writeLimit);
        }

        Attack ifUnpacked(Check check) {
            return new Attack(name, layers, failingLayer, mentions, failureRequired, mustSayAnyOf, check, always, who,
                    wrongDiffId, writeLimit);
        }

        Attack always(Check check) {
            return new Attack(name, layers, failingLayer, mentions, failureRequired, mustSayAnyOf, ifUnpacked, check,
                    who, wrongDiffId, writeLimit);
        }

        Attack rootOnly() {
            return new Attack(name, layers, failingLayer, mentions, failureRequired, mustSayAnyOf, ifUnpacked, always,
                    Who.ROOT_ONLY, wrongDiffId, writeLimit);
        }

        Attack nonRootOnly() {
            return new Attack(name, layers, failingLayer, mentions, failureRequired, mustSayAnyOf, ifUnpacked, always,
                    Who.NON_ROOT_ONLY, wrongDiffId, writeLimit);
        }

        /** Whatever the outcome, the rootfs must never be seen holding more than {@code bytes}. */
        Attack writingAtMost(long bytes) {
            return new Attack(name, layers, failingLayer, mentions, failureRequired, mustSayAnyOf, ifUnpacked, always,
                    who, wrongDiffId, bytes);
        }

        /** The config lists a wrong diff_id for layer {@code index}, which is also the layer a failure must name. */
        Attack withWrongDiffId(int index) {
            return new Attack(name, layers, index, mentions, failureRequired, mustSayAnyOf, ifUnpacked, always, who,
                    index, writeLimit);
        }
    }

    private static Attack attack(String name, Function<Where, List<List<Entry>>> layers) {
        return new Attack(name, layers, -1, List.of(), false, List.of(), null, null, Who.ANYONE, -1, -1);
    }
}
