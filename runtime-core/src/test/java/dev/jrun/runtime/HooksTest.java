package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.oci.OciSpec;
import dev.jrun.oci.OciState;
import dev.jrun.testing.RecordingSyscalls;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each phase's hooks are found and run, asserted call by call without root. */
class HooksTest {
    private static final OciState STATE = new OciState("1.2.0", "c", "created", 42, "/b", null);
    private static final OciSpec.Hook HOOK = new OciSpec.Hook("/hooks/h", List.of("h", "arg"), List.of(), null);

    @TempDir
    Path scratch;

    @Test
    void aRuntimeHook_isSpawnedHere_withItsStdioByDescriptor() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Hooks.run(sys, "createRuntime", Hooks.Where.RUNTIME, List.of(HOOK), STATE, scratch);
        assertThat(sys.calls()).containsExactly(
                "open(" + scratch.resolve("hook-state.json") + ", O_RDONLY|O_CLOEXEC)",
                "open(" + scratch.resolve("hook-output") + ", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC)",
                "posix_spawn(/hooks/h, [h, arg], [dup2(10, 0), dup2(11, 1), dup2(11, 2), closefrom(3)])",
                "close(10)", "close(11)", "pidfd_open(12)", "poll([13])", "waitpid(12)", "close(13)");
    }

    @Test
    void aCreateContainerHook_isOpenedOnTheHost_thenRunInTheContainersNamespaces() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Hooks.run(sys, "createContainer", Hooks.Where.CONTAINER_WITH_RUNTIME_PATH, List.of(HOOK), STATE, scratch);
        assertThat(sys.calls()).containsExactly(
                "open(" + scratch.resolve("hook-state.json") + ", O_RDONLY|O_CLOEXEC)",
                "open(" + scratch.resolve("hook-output") + ", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC)",
                "open(/hooks/h, O_RDONLY|O_CLOEXEC|O_PATH)",
                "open(/proc/42/ns/cgroup, O_RDONLY|O_CLOEXEC)", "open(/proc/42/ns/ipc, O_RDONLY|O_CLOEXEC)",
                "open(/proc/42/ns/uts, O_RDONLY|O_CLOEXEC)", "open(/proc/42/ns/net, O_RDONLY|O_CLOEXEC)",
                "open(/proc/42/ns/pid, O_RDONLY|O_CLOEXEC)", "open(/proc/42/ns/mnt, O_RDONLY|O_CLOEXEC)",
                "unshare(CLONE_FS)",
                "setns(13, CLONE_NEWCGROUP)", "setns(14, CLONE_NEWIPC)", "setns(15, CLONE_NEWUTS)",
                "setns(16, CLONE_NEWNET)", "setns(17, CLONE_NEWPID)", "setns(18, CLONE_NEWNS)",
                "chdir(/)",
                "posix_spawn(/proc/self/fd/3, [h, arg], [dup2(10, 0), dup2(11, 1), dup2(11, 2), dup2(12, 3),"
                        + " closefrom(4)])",
                "close(13)", "close(14)", "close(15)", "close(16)", "close(17)", "close(18)",
                "close(10)", "close(11)", "close(12)",
                "pidfd_open(19)", "poll([20])", "waitpid(19)", "close(20)");
    }

    @Test
    void aStartContainerHook_isFoundInTheContainer() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        Hooks.run(sys, "startContainer", Hooks.Where.CONTAINER, List.of(HOOK), STATE, scratch);
        assertThat(sys.calls()).containsSubsequence("setns(17, CLONE_NEWNS)", "chdir(/)",
                "posix_spawn(/hooks/h, [h, arg], [dup2(10, 0), dup2(11, 1), dup2(11, 2), closefrom(3)])")
                .doesNotContain("open(/hooks/h, O_RDONLY|O_CLOEXEC|O_PATH)");
    }
}
