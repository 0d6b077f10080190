package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.image.Image;
import dev.jrun.image.Images;
import dev.jrun.image.TestArchives;
import dev.jrun.rootfs.RootfsMode;
import dev.jrun.testimages.ArchiveOptions;
import dev.jrun.testimages.LayerEntry;
import dev.jrun.testing.Privileged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a container sees of a several-layer image, on an overlay mount and on the copy fallback:
 * the same tree, whiteouts applied, and its writes its own.
 */
class RootfsTest extends PrivilegedContainerTest {
    Image image;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("image"));
        image = Images.open(TestArchives.write(dir, ArchiveOptions.PLAIN.gzipped(), List.of(
                List.of(LayerEntry.file("bin/busybox", 0755, Files.readAllBytes(Privileged.busybox())),
                        LayerEntry.symlink("bin/sh", "busybox"), LayerEntry.symlink("bin/ls", "busybox"),
                        LayerEntry.symlink("bin/cat", "busybox"),
                        LayerEntry.file("etc/keep", 0644, "lower\n"), LayerEntry.file("etc/gone", 0644, ""),
                        LayerEntry.file("opt/old", 0644, ""), LayerEntry.file("opt/sub/old", 0644, "")),
                List.of(LayerEntry.file("etc/.wh.gone", 0644, ""), LayerEntry.file("opt/.wh..wh..opq", 0644, ""),
                        LayerEntry.file("opt/new", 0644, "upper\n"), LayerEntry.hardLink("etc/again", "etc/keep")))));
    }

    @AfterEach
    void clean() throws Exception {
        if (engine != null) {
            TestArchives.empty(tmp);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RootfsMode.class, names = {"OVERLAY", "COPY"})
    void container_seesTheLayersMergedWithWhiteoutsApplied(RootfsMode mode) throws Exception {
        var r = engine.run(image, b -> b.rootfsMode(mode).command(List.of("sh", "-c",
                "ls /etc; ls /opt; cat /opt/new /etc/again; grep -c ' / / .* - overlay ' /proc/self/mountinfo")));

        assertThat(r.err()).isEmpty();
        // hostname, hosts and resolv.conf: the mount points of jrun's own, in every container
        assertThat(r.out()).isEqualTo("again\nhostname\nhosts\nkeep\nresolv.conf\nnew\nupper\nlower\n"
                + (mode == RootfsMode.OVERLAY ? 1 : 0) + "\n");
    }

    @ParameterizedTest
    @EnumSource(value = RootfsMode.class, names = {"OVERLAY", "COPY"})
    void writes_stayInTheirOwnContainer(RootfsMode mode) throws Exception {
        var first = engine.run(image, b -> b.rootfsMode(mode).command(List.of("sh", "-c",
                "echo changed > /etc/keep; rm /opt/new; cat /etc/keep; ls /opt")));
        var second = engine.run(image, b -> b.rootfsMode(mode).command(List.of("cat", "/etc/keep", "/opt/new")));

        assertThat(first.out()).isEqualTo("changed\n");
        assertThat(second.out()).isEqualTo("lower\nupper\n");
        assertThat(engine.leftovers()).isEmpty();
    }
}
