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
        ContainerDirs dirs = store.create("c1");
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
        try (ContainerDirs held = store.create("busy")) {
            assertThatThrownBy(() -> store.create("busy")).hasMessage("the name is in use by a running container");
        }
    }

    @Test
    void create_reapsWhatADeadRuntimeLeft() throws Exception {
        ContainerStore store = store();
        ContainerDirs dead = store.create("stale");
        dead.writeState(new ContainerState("id", "stale", "running", 0, 0, false, -1));
        Files.writeString(dead.rootfs().resolve("leftover"), "x");
        dead.close(); // the lock is free, as after kill -9 of the runtime
        try (ContainerDirs fresh = store.create("stale")) {
            assertThat(fresh.rootfs()).isEmptyDirectory();
        }
    }

    @Test
    void create_refusesAKeptContainerUntilRemoved() throws Exception {
        ContainerStore store = store();
        ContainerDirs kept = store.create("kept");
        kept.writeState(new ContainerState("id", "kept", "stopped", 0, 0, true, 0));
        kept.close();
        assertThatThrownBy(() -> store.create("kept"))
                .hasMessage("already exists (kept with --keep): remove it with `jrun rm kept`");
        store.remove("kept");
        assertThatThrownBy(() -> store.remove("kept")).hasMessageContaining("no such container: kept");
    }
}
