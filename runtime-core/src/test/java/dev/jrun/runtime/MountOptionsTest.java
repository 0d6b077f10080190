package dev.jrun.runtime;

import static dev.jrun.linux.Mount.MS_BIND;
import static dev.jrun.linux.Mount.MS_NODEV;
import static dev.jrun.linux.Mount.MS_NOEXEC;
import static dev.jrun.linux.Mount.MS_NOSUID;
import static dev.jrun.linux.Mount.MS_PRIVATE;
import static dev.jrun.linux.Mount.MS_RDONLY;
import static dev.jrun.linux.Mount.MS_REC;
import static dev.jrun.linux.Mount.MS_SLAVE;
import static dev.jrun.linux.Mount.MS_STRICTATIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** config.json mount options and cgroupsPath, read as runc reads them. */
class MountOptionsTest {
    @Test
    void flagsPropagationBindAndData_areToldApart() {
        MountOptions podmanShm = MountOptions.parse(List.of("bind", "rprivate", "nosuid", "noexec", "nodev"));
        assertThat(podmanShm.bind()).isTrue();
        assertThat(podmanShm.recursive()).isFalse();
        assertThat(podmanShm.flags()).isEqualTo(MS_NOSUID | MS_NOEXEC | MS_NODEV);
        assertThat(podmanShm.propagation()).isEqualTo(MS_PRIVATE | MS_REC);
        assertThat(podmanShm.mountFlags()).isEqualTo(MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_BIND);

        MountOptions dev = MountOptions.parse(List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        assertThat(dev.flags()).isEqualTo(MS_NOSUID | MS_STRICTATIME);
        assertThat(dev.data()).isEqualTo("mode=755,size=65536k");
        assertThat(dev.bind()).isFalse();
    }

    @Test
    void laterOptionsWin_asMountReadsThem() {
        assertThat(MountOptions.parse(List.of("ro", "rw")).flags() & MS_RDONLY).isZero();
        assertThat(MountOptions.parse(List.of("rbind", "rslave", "ro")))
                .isEqualTo(new MountOptions(MS_RDONLY, true, true, MS_SLAVE | MS_REC, null));
    }

    @Test
    void cgroupsPath_podmanContainerdSystemdAndNone() throws Exception {
        assertThat(BundlePlan.cgroupPath("/libpod_parent/libpod-abc", "abc", false))
                .containsExactly("libpod_parent", "libpod-abc");
        assertThat(BundlePlan.cgroupPath("/default/t1", "t1", false)).containsExactly("default", "t1");
        assertThat(BundlePlan.cgroupPath("/t1", "t1", false)).containsExactly("", "t1");
        assertThat(BundlePlan.cgroupPath(null, "t1", false)).containsExactly("jrun", "t1");
        assertThat(BundlePlan.cgroupPath("machine.slice:libpod:abc", "abc", true))
                .containsExactly("machine.slice", "libpod-abc.scope");
        assertThatThrownBy(() -> BundlePlan.cgroupPath("/a/../../b", "x", false))
                .hasMessage("linux.cgroupsPath /a/../../b: not a cgroup path");
        assertThatThrownBy(() -> BundlePlan.cgroupPath("/a/b", "x", true))
                .hasMessage("linux.cgroupsPath /a/b: with --systemd-cgroup it is slice:prefix:name");
    }
}
