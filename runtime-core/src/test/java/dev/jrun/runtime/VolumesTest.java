package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binds, named volumes and tmpfs mounts as the container and the host see them. Needs root. */
class VolumesTest extends PrivilegedContainerTest {
    @Test
    void aFileWrittenThroughABind_isOnTheHost_withItsWritersOwner() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        var r = engine.run(engine.busybox(), b -> b.volume(data + ":/data").user("1000:1000")
                .command(List.of("sh", "-c", "echo hi > /data/f")));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(data.resolve("f"))).isEqualTo("hi\n");
        assertThat(Files.getAttribute(data.resolve("f"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
    }

    /** Recursively: a mount below the bound directory is read-only inside too (mount_setattr, AT_RECURSIVE). */
    @Test
    void aReadOnlyBind_refusesWrites_alsoOnMountsBelowIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("ro"));
        Path below = Files.createDirectories(data.resolve("below"));
        assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "below", below.toString()).start().waitFor()).isZero();
        try {
            var r = engine.run(engine.busybox(), b -> b.volume(data + ":/data:ro").command(List.of("sh", "-c",
                    "touch /data/f; echo top=$?; touch /data/below/f; echo below=$?")));

            assertThat(r.out()).isEqualTo("top=1\nbelow=1\n");
            assertThat(r.err()).contains("Read-only file system");
        } finally {
            new ProcessBuilder("umount", below.toString()).start().waitFor();
        }
    }

    @Test
    void aSizedTmpfs_refusesTheSecondMegabyte() throws Exception {
        String fill = "head -c 1000000 /dev/zero > /scratch/a; echo first=$?;"
                + " head -c 1000000 /dev/zero > /scratch/b; echo second=$?; df -k /scratch | tail -n1";
        var tmpfs = engine.run(engine.busybox(), b -> b.tmpfs("/scratch:size=1m").command(List.of("sh", "-c", fill)));
        var mount = engine.run(engine.busybox(), b -> b.mount("type=tmpfs,target=/scratch,tmpfs-size=1m")
                .command(List.of("sh", "-c", fill)));

        for (var r : List.of(tmpfs, mount)) {
            assertThat(r.out()).startsWith("first=0\nsecond=1\ntmpfs").contains(" 1024 ").endsWith("100% /scratch\n");
        }
    }

    @Test
    void aNamedVolume_startsWithTheImagesFiles_andKeepsDataAcrossContainers() throws Exception {
        var first = engine.run(engine.busybox(), b -> b.volume("etc-vol:/etc").command(List.of("sh", "-c",
                "ls /etc/passwd && echo kept > /etc/mine")));
        var second = engine.run(engine.busybox(), b -> b.mount("source=etc-vol,target=/data").command(List.of("cat",
                "/data/mine")));

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.out()).isEqualTo("kept\n");
        assertThat(engine.jrun.volumes().list()).extracting(Volumes.Info::name).containsExactly("etc-vol");
        assertThat(engine.jrun.volumes().prune()).containsExactly("etc-vol"); // no container uses it now
        assertThat(engine.jrun.volumes().list()).isEmpty();
    }

    @Test
    void aVolumeInUse_isNotRemoved() throws Exception {
        var kept = engine.run(engine.busybox(), b -> b.name("user").keep(true).volume("v1:/v").command(List.of("true")));
        assertThat(kept.exitCode()).isZero();

        assertThatThrownBy(() -> engine.jrun.volumes().remove("v1"))
                .hasMessage("volume v1 is in use by container user (remove it first: jrun rm)");
        engine.jrun.remove("user");
        engine.jrun.volumes().remove("v1");
        assertThatThrownBy(() -> engine.jrun.volumes().remove("v1")).hasMessage("volume v1 does not exist");
    }

    @Test
    void aMissingOrRelativeHostPath_failsNamingIt_andLeavesNothingMounted() throws Exception {
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> engine.run(engine.busybox(), b -> b.volume(missing + ":/data").command(List.of("true"))))
                .hasMessage("--volume " + missing + ":/data: the host path " + missing + " does not exist");
        assertThatThrownBy(() -> engine.run(engine.busybox(), b -> b.volume("./data:/data").command(List.of("true"))))
                .hasMessage("--volume ./data:/data: ./data is neither an absolute host path nor a volume name (a letter"
                        + " or digit, then letters, digits, _ . or -)");
        assertThat(Files.exists(missing)).isFalse();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).isEqualTo(mounts);
        assertThat(engine.leftovers()).isEmpty();
    }
}
