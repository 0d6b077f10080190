package dev.jrun.testimages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BusyboxTest {

    @Test
    void load_missingBinary_failsWithInstallHint() {
        assertThatThrownBy(() -> Busybox.load(Path.of("/nonexistent/busybox")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("test-rootfs: /nonexistent/busybox not found: install Debian package busybox-static"
                        + " (apt-get install busybox-static)");
    }

    @Test
    void load_dynamicBinary_failsWithInstallHint() {
        assertThatThrownBy(() -> Busybox.load(Path.of("/bin/ls")))
                .hasMessageStartingWith("test-rootfs: /bin/ls is not a static binary: install Debian package");
    }

    @Test
    void load_listsAppletPathsSorted() throws Exception {
        Busybox busybox = Busybox.load(BuildTestImages.BUSYBOX);

        assertThat(busybox.applets()).contains("bin/sh", "bin/busybox").isSorted();
    }

    @Test
    void load_namesTheArchitectureTheBinaryIsBuiltFor() throws Exception {
        assertThat(Busybox.load(BuildTestImages.BUSYBOX).architecture()).isEqualTo(DockerArchiveWriter.architecture());
    }
}
