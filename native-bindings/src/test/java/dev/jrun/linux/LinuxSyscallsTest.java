package dev.jrun.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSyscallsTest {
    private final LinuxSyscalls sys = new LinuxSyscalls();

    @Test
    void failedCall_namesCallArgumentsAndErrno() {
        assertThatThrownBy(() -> sys.open("/no/such/file", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0))
                .isInstanceOf(SyscallException.class)
                .hasMessage("open(\"/no/such/file\", O_RDONLY|O_CLOEXEC) failed: ENOENT (No such file or directory)");
    }

    @Test
    void mountFailure_printsFlagsByName() {
        assertThatThrownBy(() -> sys.mount(null, "/no/such/dir", null, Mount.MS_REC | Mount.MS_PRIVATE, null))
                .hasMessageStartingWith("mount(NULL, \"/no/such/dir\", NULL, MS_REC|MS_PRIVATE, NULL) failed: ");
    }

    @Test
    void spawn_runsProgramWithFileActionsAndReportsExitCode(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        SpawnRequest request = new SpawnRequest("/bin/sh", List.of("sh", "-c", "echo $GREETING; pwd; exit 7"),
                List.of("GREETING=hi"),
                List.of(new SpawnRequest.FileAction.Open(1, out.toString(),
                                OpenFlags.O_WRONLY | OpenFlags.O_CREAT, 0644),
                        new SpawnRequest.FileAction.Chdir(dir.toString()),
                        new SpawnRequest.FileAction.CloseFrom(3)),
                SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF);
        int pid;
        try (PreparedSpawn prepared = sys.prepareSpawn(request)) {
            pid = sys.spawn(prepared);
        }
        WaitStatus status = sys.waitpid(pid, 0);
        assertThat(status.exited()).isTrue();
        assertThat(status.exitCode()).isEqualTo(7);
        assertThat(Files.readString(out)).isEqualTo("hi\n" + dir + "\n");
    }

    @Test
    void spawnOfMissingProgram_failsWithEnoent() throws Exception {
        SpawnRequest request = new SpawnRequest("/no/such/program", List.of("x"), List.of(), List.of(), 0);
        try (PreparedSpawn prepared = sys.prepareSpawn(request)) {
            assertThatThrownBy(() -> sys.spawn(prepared))
                    .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                    .hasMessageContaining("posix_spawn(\"/no/such/program\"");
        }
    }

    @Test
    void trace_hearsEveryCallWithItsResult() throws Exception {
        List<String> calls = new ArrayList<>();
        LinuxSyscalls traced = new LinuxSyscalls((call, args, result) -> calls.add(call + "(" + args + ") = " + result));
        int fd = traced.open("/dev/null", OpenFlags.O_RDONLY, 0);
        traced.close(fd);
        assertThat(calls).containsExactly("open(\"/dev/null\", O_RDONLY) = " + fd, "close(" + fd + ") = 0");
    }

    @Test
    void waitStatus_decodesSignals() {
        assertThat(new WaitStatus(9).signaled()).isTrue();
        assertThat(new WaitStatus(9).shellCode()).isEqualTo(137);
        assertThat(new WaitStatus(7 << 8).shellCode()).isEqualTo(7);
        assertThat(new WaitStatus(15).toString()).isEqualTo("killed by SIGTERM");
    }

    @Test
    void signals_parseNamesWithOrWithoutPrefix() {
        assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
        assertThat(Signals.parse("kill")).isEqualTo(9);
        assertThat(Signals.parse("10")).isEqualTo(10);
        assertThatThrownBy(() -> Signals.parse("NOPE")).hasMessage("unknown signal: NOPE");
    }

    @Test
    void arch_detectsBothArchitecturesAndRefusesOthers() {
        assertThat(Arch.detect("amd64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.detect("aarch64")).isEqualTo(Arch.AARCH64);
        assertThatThrownBy(() -> Arch.detect("riscv64"))
                .hasMessage("unsupported architecture riscv64: jrun runs on x86_64 and aarch64");
    }

    @Test
    void arch_numbersAreTheKernelsOwn() throws Exception {
        for (Arch arch : Arch.values()) {
            for (var component : Arch.Numbers.class.getRecordComponents()) {
                assertThat(component.getAccessor().invoke(arch.numbers())).as(arch + " " + component.getName())
                        .isEqualTo(SyscallTable.of(arch).number(component.getName()));
            }
        }
    }

    @Test
    void flagNames_renderKnownBitsAndLeftovers() {
        assertThat(Clone.NAMES.render(Clone.CLONE_NEWNS | Clone.CLONE_NEWPID)).isEqualTo("CLONE_NEWNS|CLONE_NEWPID");
        assertThat(Mount.MS_NAMES.render(0)).isEqualTo("0x0");
        assertThat(Mount.MS_NAMES.render(Mount.MS_BIND | 0x40000000L)).isEqualTo("MS_BIND|0x40000000");
    }
}
