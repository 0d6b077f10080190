package dev.jrun.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrun.linux.LinuxSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;

/** Guards for tests that need root or a built test image; elsewhere they skip, saying why. */
public final class Privileged {
    private Privileged() {}

    public static boolean isRoot() {
        return new LinuxSyscalls().geteuid() == 0;
    }

    /** Skips the test unless running as root (CI runs as root). */
    public static void assumeRoot() {
        assumeTrue(isRoot(), "needs root: creates namespaces and mounts (runs in CI, which is root)");
    }

    /** Skips the test unless running as root with Debian's CNI plug-ins installed (CI installs them). */
    public static void assumeCniPlugins() {
        assumeRoot();
        for (String plugin : java.util.List.of("bridge", "host-local", "portmap", "firewall")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni", plugin)), "needs the CNI plug-in /usr/lib/cni/"
                    + plugin + " (Debian: containernetworking-plugins)");
        }
    }

    /**
     * The static busybox the test images hold, which tests that write their own images take too:
     * {@code /bin/busybox}, or another architecture's given as {@code -Djrun.test.busybox} (test-vm/'s arm64 modes).
     */
    public static Path busybox() {
        return Path.of(System.getProperty("jrun.test.busybox", "/bin/busybox"));
    }

    /** A test image built by the test-rootfs module, e.g. {@code busybox.tar}. */
    public static Path image(String name) {
        String dir = System.getProperty("jrun.test.images");
        assumeTrue(dir != null, "system property jrun.test.images is not set (run through Maven)");
        Path image = Path.of(dir, name);
        assumeTrue(Files.isRegularFile(image), "test image " + image + " is missing: build test-rootfs first");
        return image;
    }
}
