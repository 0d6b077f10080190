package dev.jrun.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.image.Digest;
import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.image.Images;
import dev.jrun.image.Layer;
import dev.jrun.image.TestArchives;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.testimages.ArchiveOptions;
import dev.jrun.testimages.LayerEntry;
import dev.jrun.testing.Privileged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer store, as root: whiteouts in overlayfs's own form, and each layer unpacked once. */
class LayerStoreTest {

    private static final List<List<LayerEntry>> LAYERS = List.of(
            List.of(LayerEntry.file("etc/keep", 0644, "k"), LayerEntry.file("etc/gone", 0644, "g"),
                    LayerEntry.file("opt/old", 0644, "o"), LayerEntry.file("bin/tool", 0755, "t")),
            List.of(LayerEntry.file("etc/.wh.gone", 0644, ""), LayerEntry.file("opt/.wh..wh..opq", 0644, ""),
                    LayerEntry.file("opt/new", 0644, "n")));

    @TempDir
    Path dir;

    private LayerStore store;

    @BeforeEach
    void rootOnly() {
        Privileged.assumeRoot();
        store = new LayerStore(dir.resolve("data"), new LinuxSyscalls());
    }

    @AfterEach
    void clean() throws IOException {
        TestArchives.empty(dir);
    }

    @Test
    void ensure_storesEachLayerUnderItsDiffIdWithOverlayWhiteouts() throws Exception {
        Image image = Images.open(TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS));

        List<Digest> ids = store.ensure(image, UnpackListener.NONE);

        assertThat(ids).containsExactly(image.layers().get(0).diffId(), image.layers().get(1).diffId());
        Path upper = store.layerDir(ids.get(1)).resolve("diff");
        assertThat(Files.getAttribute(upper.resolve("etc/gone"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0L);
        assertThat(Files.readAllLines(store.layerDir(ids.get(1)).resolve("opaque"))).containsExactly("opt");
        assertThat(store.layerDir(ids.get(0)).resolve("diff/etc/gone")).hasContent("g");
    }

    @Test
    void ensure_secondTimeReadsNothing() throws Exception {
        Path archive = TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS);
        store.ensure(Images.open(archive), UnpackListener.NONE);
        Image again = Images.open(archive);
        Files.delete(archive); // nothing may need its bytes now
        AtomicInteger started = new AtomicInteger();

        store.ensure(again, new UnpackListener() {
            @Override
            public void started(Layer layer, long total) {
                started.incrementAndGet();
            }
        });

        assertThat(started).hasValue(0);
    }

    @Test
    void ensure_concurrentCallersUnpackOnce() throws Exception {
        Image image = Images.open(TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS));
        AtomicInteger unpacks = new AtomicInteger();
        UnpackListener counting = new UnpackListener() {
            @Override
            public void started(Layer layer, long total) {
                unpacks.incrementAndGet();
            }
        };
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Digest>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // a store object per caller, as separate jrun processes would have
                LayerStore own = new LayerStore(dir.resolve("data"), new LinuxSyscalls());
                results.add(pool.submit(() -> {
                    go.await();
                    return own.ensure(image, counting);
                }));
            }
            go.countDown();
            for (Future<List<Digest>> f : results) {
                assertThat(f.get()).hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unpacks).hasValue(2);
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void ensure_digestMismatchCachesNothing() throws Exception {
        Image image = Images.open(TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS));
        Layer first = image.layers().get(0);
        Digest wrong = new Digest("sha256", String.join("", Collections.nCopies(64, "0")));
        Image forged = new Image(image.source(), image.name(), image.id(), image.config(),
                List.of(new Layer(first.name(), first.file(), first.offset(), first.length(), null, wrong)),
                image.created());

        assertThatThrownBy(() -> store.ensure(forged, UnpackListener.NONE))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("digest mismatch: the config's diff_id is " + wrong);
        assertThat(store.list()).isEmpty();
        try (var left = Files.list(dir.resolve("data/layers/.tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void ensure_afterACrashMidUnpack_ignoresAndClearsTheLeftover() throws Exception {
        Image image = Images.open(TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS));
        Path leftover = Files.createDirectories(dir.resolve("data/layers/.tmp/" + image.layers().get(0).diffId()
                .hex().substring(0, 12) + "-1/diff/etc"));
        Files.writeString(leftover.resolve("keep"), "half");
        Files.setLastModifiedTime(leftover.getParent().getParent(),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));

        List<Digest> ids = store.ensure(image, UnpackListener.NONE);

        assertThat(store.layerDir(ids.get(0)).resolve("diff/etc/keep")).hasContent("k");
        assertThat(leftover).doesNotExist();
    }

    @Test
    void copyInto_givesTheSameTreeAsOverlayWould() throws Exception {
        Image image = Images.open(TestArchives.write(dir, ArchiveOptions.PLAIN, LAYERS));
        List<Digest> ids = store.ensure(image, UnpackListener.NONE);
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));

        store.copyInto(ids, rootfs);

        assertThat(TestArchives.namesIn(rootfs.resolve("etc"))).containsExactly("keep");
        assertThat(TestArchives.namesIn(rootfs.resolve("opt"))).containsExactly("new");
        assertThat(rootfs.resolve("bin/tool")).isExecutable().hasContent("t");
    }
}
