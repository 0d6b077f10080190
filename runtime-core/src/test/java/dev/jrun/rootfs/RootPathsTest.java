package dev.jrun.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathsTest {

    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
    }

    /** JUnit's cleanup would warn about each symlink pointing outside the temp dir. */
    @AfterEach
    void removeLinks() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path link : files.filter(Files::isSymbolicLink).toList()) {
                Files.delete(link);
            }
        }
    }

    @Test
    void resolve_keepsDotDotFromClimbingAboveRoot() throws IOException {
        assertThat(RootPaths.resolve(root, "../../etc")).isEqualTo(root.resolve("etc"));
        assertThat(RootPaths.resolve(root, "/a/../../../b/./c")).isEqualTo(root.resolve("b/c"));
    }

    @Test
    void resolve_restartsAbsoluteLinkTargetsAtRoot() throws IOException {
        Files.delete(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/"));

        assertThat(RootPaths.resolve(root, "/etc/passwd")).isEqualTo(root.resolve("passwd"));
        assertThat(RootPaths.resolve(root, "etc/etc/etc/shadow")).isEqualTo(root.resolve("shadow"));
    }

    @Test
    void resolve_rejectsSymlinkEscapingRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../"));
        Files.createSymbolicLink(root.resolve("host"), dir);

        assertThat(RootPaths.resolve(root, "escape/x")).isEqualTo(root.resolve("x"));
        assertThat(RootPaths.resolve(root, "host/root")).isEqualTo(root.resolve(dir.toString().substring(1) + "/root"));
    }

    @Test
    void resolve_followsParentLinksButNotTheLastComponent() throws IOException {
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("etc/shell"), Path.of("/bin/sh"));

        assertThat(RootPaths.resolve(root, "lib/libc.so")).isEqualTo(root.resolve("usr/lib/libc.so"));
        assertThat(RootPaths.resolve(root, "etc/shell")).isEqualTo(root.resolve("etc/shell"));
        assertThat(RootPaths.resolveFollowing(root, "etc/shell")).isEqualTo(root.resolve("bin/sh"));
    }

    @Test
    void resolveFollowing_keepsFinalLinkInsideRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("passwd"), Path.of("../../../etc/passwd"));

        assertThat(RootPaths.resolveFollowing(root, "passwd")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void resolve_failsOnSymlinkLoop() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));

        assertThatThrownBy(() -> RootPaths.resolve(root, "a/x"))
                .isInstanceOf(IOException.class)
                .hasMessage("a/x: too many levels of symbolic links");
        assertThat(RootPaths.resolve(root, "a")).isEqualTo(root.resolve("a"));
    }

    @Test
    void resolve_emptyOrSlashIsRoot() throws IOException {
        assertThat(RootPaths.resolve(root, "/")).isEqualTo(root);
        assertThat(RootPaths.resolve(root, "")).isEqualTo(root);
    }
}
