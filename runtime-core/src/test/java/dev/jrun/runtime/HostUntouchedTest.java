package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** After a container, the host has no new mounts, directories, cgroups or processes. */
class HostUntouchedTest extends PrivilegedContainerTest {
    @Test
    void afterRuns_noMountsDirectoriesCgroupsOrChildrenRemain() throws Exception {
        List<String> mountsBefore = HostSnapshot.mounts();
        List<String> cgroupsBefore = HostSnapshot.cgroups();
        assertThat(engine.sh("mount -t tmpfs none /tmp; echo hi > /tmp/x; sleep 1000 &").exitCode()).isZero();
        assertThat(engine.sh("exit 3").exitCode()).isEqualTo(3);
        assertThat(HostSnapshot.mounts()).isEqualTo(mountsBefore);
        assertThat(HostSnapshot.cgroups()).isEqualTo(cgroupsBefore);
        assertThat(engine.leftovers()).isEmpty();
        assertThat(ProcessHandle.current().children()).isEmpty();
    }

    @Test
    void failedLaunch_leavesNothingBehind() throws Exception {
        List<String> mountsBefore = HostSnapshot.mounts();
        // /etc/passwd is no directory: the launch fails after the rootfs was unpacked
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.run(engine.busybox(),
                b -> b.workdir("/etc/passwd/x").command(List.of("true")))).isInstanceOf(JrunException.class);
        assertThat(HostSnapshot.mounts()).isEqualTo(mountsBefore);
        assertThat(engine.leftovers()).isEmpty();
    }

    /** What the host looks like from here. */
    static final class HostSnapshot {
        static List<String> mounts() throws Exception {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"));
        }

        /** Every cgroup directory under /sys/fs/cgroup (v1 and v2). */
        static List<String> cgroups() throws Exception {
            try (Stream<Path> walk = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
                return walk.filter(Files::isDirectory).map(Path::toString).sorted().toList();
            }
        }
    }
}
