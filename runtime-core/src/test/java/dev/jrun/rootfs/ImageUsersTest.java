package dev.jrun.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --user and --group-add against an image's own /etc/passwd and /etc/group. No root. */
class ImageUsersTest {
    @TempDir
    Path root;
    ImageUsers users;

    @BeforeEach
    void image() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:App:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                broken line
                """);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                wheel:x:10:root,app
                app:x:1000:
                audio:x:29:app
                nogroup:x:65534:
                """);
        users = ImageUsers.of(root);
    }

    @Test
    void names_ids_andTheirGroups() {
        assertThat(users.resolve(null, List.of())).isEqualTo(new ImageUsers.User(0, 0, List.of(10), "/root"));
        assertThat(users.resolve("app", List.of())).isEqualTo(new ImageUsers.User(1000, 1000, List.of(10, 29), "/home/app"));
        assertThat(users.resolve("1000:1000", List.of())).as("a group given: no others")
                .isEqualTo(new ImageUsers.User(1000, 1000, List.of(), "/home/app"));
        assertThat(users.resolve("nobody", List.of())).isEqualTo(new ImageUsers.User(65534, 65534, List.of(), "/nonexistent"));
        assertThat(users.resolve("4242", List.of("audio", "7"))).as("a uid the image does not list")
                .isEqualTo(new ImageUsers.User(4242, 0, List.of(29, 7), "/"));
        assertThat(users.resolve("app:nogroup", List.of())).isEqualTo(new ImageUsers.User(1000, 65534, List.of(), "/home/app"));
    }

    @Test
    void whatTheImageLacks_isNamed() {
        assertThatThrownBy(() -> users.resolve("ghost", List.of()))
                .hasMessage("unable to find user ghost: no matching entries in the image's /etc/passwd");
        assertThatThrownBy(() -> users.resolve("app:ghosts", List.of()))
                .hasMessage("unable to find group ghosts: no matching entries in the image's /etc/group");
        assertThatThrownBy(() -> users.resolve("app", List.of("ghosts")))
                .hasMessage("unable to find group ghosts: no matching entries in the image's /etc/group");
    }

    @Test
    void aSymlinkedPasswd_isReadInsideTheRootfs_neverTheHosts() throws Exception {
        Files.move(root.resolve("etc/passwd"), root.resolve("etc/passwd.real"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/passwd.real"));
        assertThat(ImageUsers.of(root).resolve("app", List.of()).uid()).isEqualTo(1000);
        Files.delete(root.resolve("etc/passwd"));
        // the host has /etc/hostname; inside the rootfs the link lands on its own /etc/hostname, which is missing
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../../../../../etc/hostname"));
        assertThatThrownBy(() -> ImageUsers.of(root).resolve("app", List.of())).as("nothing of the host is read")
                .hasMessage("unable to find user app: no matching entries in the image's /etc/passwd");
    }
}
