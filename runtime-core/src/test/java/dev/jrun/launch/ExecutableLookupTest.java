package dev.jrun.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableLookupTest {
    @TempDir
    Path root;

    @BeforeEach
    void rootfs() throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("usr/bin"));
        Path busybox = Files.writeString(root.resolve("bin/busybox"), "x");
        Files.setPosixFilePermissions(busybox, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("/bin/busybox"));
        Files.writeString(root.resolve("usr/bin/data"), "not a program");
        // a symlink aiming at the host's /bin/true must resolve inside the rootfs, where it is absent
        Files.createSymbolicLink(root.resolve("usr/bin/hostly"), Path.of("/usr/bin/true"));
    }

    @Test
    void find_searchesTheContainersPathInsideTheRootfs() throws Exception {
        assertThat(ExecutableLookup.find(root, "sh", "/usr/bin:/bin")).isEqualTo("/bin/sh");
        assertThat(ExecutableLookup.find(root, "/bin/sh", "")).isEqualTo("/bin/sh");
    }

    @Test
    void find_missingCommand_is127AndNamesThePath() {
        assertThatThrownBy(() -> ExecutableLookup.find(root, "nope", "/usr/bin:/bin"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.exitCode()).isEqualTo(127))
                .hasMessage("nope: executable file not found in $PATH (the container's: /usr/bin:/bin)");
    }

    @Test
    void find_neverFollowsLinksOutOfTheRootfs() {
        assertThatThrownBy(() -> ExecutableLookup.find(root, "hostly", "/usr/bin"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.exitCode()).isEqualTo(127));
    }

    @Test
    void find_nonExecutableOrDirectory_is126() {
        assertThatThrownBy(() -> ExecutableLookup.find(root, "/usr/bin/data", "/bin"))
                .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.exitCode()).isEqualTo(126))
                .hasMessage("permission denied: /usr/bin/data is not executable");
        assertThatThrownBy(() -> ExecutableLookup.find(root, "/usr", "/bin"))
                .hasMessage("/usr is a directory");
    }

    @Test
    void pathOf_takesTheLastPathOrDockersDefault() {
        assertThat(ExecutableLookup.pathOf(java.util.List.of("A=1", "PATH=/x", "PATH=/y"))).isEqualTo("/y");
        assertThat(ExecutableLookup.pathOf(java.util.List.of())).isEqualTo(ExecutableLookup.DEFAULT_PATH);
    }
}
