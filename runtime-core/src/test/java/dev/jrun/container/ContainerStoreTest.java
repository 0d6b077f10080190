package dev.jrun.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.testing.RecordingSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container directories, locks and stale reaping, without root. */
class ContainerStoreTest {
    @TempDir
    Path tmp;

    private ContainerStore store() {
        return new ContainerStore(tmp.resolve("state"), tmp.resolve("data"), new RecordingSyscalls());
    }

    @Test
    void create_makesLockedStateAndRootfsDirectories_removeDeletesBoth() throws Exception {
        ContainerStore store = store();
        ContainerDirs dirs = store.create(new ContainerName("c1"));
        assertThat(dirs.stateDir()).isEqualTo(tmp.resolve("state/c1"));
        assertThat(dirs.rootfs()).isEqualTo(tmp.resolve("data/containers/c1/rootfs")).isDirectory();
        dirs.writeState(new ContainerState("id", "c1", "running", 0, 0, false, -1));
        assertThat(Files.readString(dirs.stateDir().resolve("state.json"))).contains("\"status\" : \"running\"");
        store.remove(dirs);
        assertThat(tmp.resolve("state/c1")).doesNotExist();
        assertThat(tmp.resolve("data/containers/c1")).doesNotExist();
    }

    @Test
    void create_refusesANameHeldByALiveRuntime() throws Exception {
        ContainerStore store = store();
        try (ContainerDirs held = store.create(new ContainerName("busy"))) {
            assertThatThrownBy(() -> store.create(new ContainerName("busy"))).hasMessage("the name is in use by a running container");
        }
    }

    @Test
    void create_reapsWhatADeadRuntimeLeft() throws Exception {
        ContainerStore store = store();
        ContainerDirs dead = store.create(new ContainerName("stale"));
        dead.writeState(new ContainerState("id", "stale", "running", 0, 0, false, -1));
        Files.writeString(dead.rootfs().resolve("leftover"), "x");
        dead.close(); // the lock is free, as after kill -9 of the runtime
        try (ContainerDirs fresh = store.create(new ContainerName("stale"))) {
            assertThat(fresh.rootfs()).isEmptyDirectory();
        }
    }

    @Test
    void create_refusesAKeptContainerUntilRemoved() throws Exception {
        ContainerStore store = store();
        ContainerDirs kept = store.create(new ContainerName("kept"));
        kept.writeState(new ContainerState("id", "kept", "stopped", 0, 0, true, 0));
        kept.close();
        assertThatThrownBy(() -> store.create(new ContainerName("kept")))
                .hasMessage("already exists (kept with --keep): remove it with `jrun rm kept`");
        store.remove(new ContainerName("kept"));
        assertThatThrownBy(() -> store.remove(new ContainerName("kept"))).hasMessageContaining("no such container: kept");
    }

    @Test
    void names_thatCouldLeaveTheStateRoot_areRefused() {
        for (String bad : new String[] {"..", "../etc", "a/b", ".hidden", "", "x".repeat(129)}) {
            assertThatThrownBy(() -> new ContainerName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid container name");
        }
        assertThat(new ContainerName("web-1.prod_a").value()).isEqualTo("web-1.prod_a");
    }

    @Test
    void reapAllStale_removesDeadRuntimesContainersOnly() throws Exception {
        ContainerStore store = store();
        ContainerDirs dead = store.create(new ContainerName("dead"));
        dead.writeState(new ContainerState("id1", "dead", "running", 0, 0, false, -1));
        dead.close(); // its runtime died: the lock is free
        ContainerDirs kept = store.create(new ContainerName("kept"));
        kept.writeState(new ContainerState("id2", "kept", "stopped", 0, 0, true, 0));
        kept.close();
        ContainerDirs unborn = store.create(new ContainerName("unborn")); // no state yet: maybe being created
        unborn.close();
        ContainerDirs orphan = store.create(new ContainerName("orphan"));
        orphan.close();
        Files.delete(orphan.stateDir().resolve("lock")); // as after a reboot emptied the state root
        Files.delete(orphan.stateDir());

        try (ContainerDirs live = store.create(new ContainerName("live"))) {
            live.writeState(new ContainerState("id3", "live", "running", 0, 0, false, -1));

            assertThat(store.reapAllStale()).containsExactly("dead", "orphan");

            assertThat(tmp.resolve("state")).isDirectoryContaining(p -> p.endsWith("live"))
                    .isDirectoryContaining(p -> p.endsWith("kept")).isDirectoryContaining(p -> p.endsWith("unborn"))
                    .isDirectoryNotContaining(p -> p.endsWith("dead"));
            assertThat(tmp.resolve("data/containers")).isDirectoryNotContaining(p -> p.endsWith("dead"))
                    .isDirectoryNotContaining(p -> p.endsWith("orphan"));
        }
    }

    @Test
    void aStateRootOthersCouldWrite_orASymlink_isRefused() throws Exception {
        ContainerStore store = store();
        store.remove(store.create(new ContainerName("first")));
        assertThat(java.nio.file.Files.getPosixFilePermissions(tmp.resolve("state")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

        java.nio.file.Files.setPosixFilePermissions(tmp.resolve("state"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> store.create(new ContainerName("second")))
                .hasMessageContaining("state root " + tmp.resolve("state") + " belongs to uid")
                .hasMessageContaining("with mode 777: it must be this user's");

        java.nio.file.Files.createDirectory(tmp.resolve("elsewhere"));
        java.nio.file.Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("elsewhere"));
        assertThatThrownBy(() -> new ContainerStore(tmp.resolve("link"), tmp.resolve("data"), new RecordingSyscalls())
                .create(new ContainerName("third"))).hasMessageContaining("is not a directory (a symlink is not followed)");
    }
}
