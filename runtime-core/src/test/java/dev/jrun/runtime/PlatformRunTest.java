package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrun.image.Image;
import dev.jrun.image.Platform;
import dev.jrun.image.TestArchives;
import dev.jrun.linux.Arch;
import dev.jrun.testing.Privileged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which image of an archive jrun runs: from a multi-platform index, this host's variant (on an arm64
 * JVM, test-vm/arm64-user.sh and the arm64 guest, the arm64 one); and an arm64 image on an x86_64
 * host, refused unless asked for with a platform, then run through binfmt's qemu-aarch64.
 */
class PlatformRunTest extends PrivilegedContainerTest {
    private static final Path QEMU_AARCH64 = Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");

    @AfterEach
    void clean() throws Exception {
        if (engine != null) {
            TestArchives.empty(tmp);
        }
    }

    @Test
    void multiPlatformIndex_runsThisHostsVariant() throws Exception {
        Image image = engine.jrun.findImage(Privileged.image("busybox-multiplatform.tar").toString(), null,
                Platform.host());

        var r = engine.run(image, b -> b.command(List.of("cat", "/etc/platform")));

        assertThat(r.out()).isEqualTo(Platform.host() + "\n");
    }

    @Test
    void arm64Image_onX86_64_isRefusedUnlessAskedFor_thenRunsThroughBinfmt() throws Exception {
        assumeTrue(Arch.current() == Arch.X86_64, "runs an arm64 image on an x86_64 host (this is " + Arch.current() + ")");
        String dir = System.getProperty("jrun.test.arm64Images");
        assumeTrue(dir != null, "system property jrun.test.arm64Images is not set (test-vm/arm64-user.sh builds"
                + " the arm64 test images and sets it)");
        assumeTrue(Files.isRegularFile(QEMU_AARCH64) && Files.readString(QEMU_AARCH64).startsWith("enabled"),
                "qemu-aarch64 is not registered with binfmt_misc (test-vm/arm64-env.sh registers it)");
        String busybox = Path.of(dir, "busybox.tar").toString();

        assertThatThrownBy(() -> engine.jrun.findImage(busybox, null, Platform.host()))
                .hasMessage("image " + busybox + ": is built for linux/arm64, not linux/amd64 (pick another image,"
                        + " or ask for it with --platform linux/arm64)");
        var r = engine.run(engine.jrun.findImage(busybox, null, ARM64), b -> b.command(List.of("uname", "-m")));

        assertThat(r.out()).isEqualTo("aarch64\n");
    }
}
