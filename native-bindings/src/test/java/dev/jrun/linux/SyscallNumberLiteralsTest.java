package dev.jrun.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The build check: no module writes a system call number outside Arch and the syscall tables. */
class SyscallNumberLiteralsTest {
    /** The per-architecture table itself. */
    private static final Path ARCH = Path.of("dev", "jrun", "linux", "Arch.java");

    @Test
    void noModule_writesASyscallNumberOutsideTheTables() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java") && !main.relativize(f).equals(ARCH))
                            .forEach(sources::add);
                }
            }
        }
        List<String> offenders = sources.stream().flatMap(f -> SyscallNumberLiterals.offenders(
                Path.of("..").relativize(f).toString(), read(f)).stream()).toList();
        assertThat(sources).as("sources of native-bindings, runtime-core and cli")
                .anyMatch(f -> f.endsWith("LinuxSyscalls.java")).anyMatch(f -> f.toString().contains("runtime-core"))
                .anyMatch(f -> f.toString().contains("cli"));
        assertThat(offenders).as("syscall numbers belong in Arch.Numbers or SyscallTable, by architecture").isEmpty();
    }

    @Test
    void literalsAndUntabledNames_areFound_tableAccessCommentsAndStringsAreNot() {
        String fixture = """
                class Raw {
                    static native long syscall(long number, long a1, long a2, long a3, long a4, long a5);
                    private static final int SYS_GETTID = 186;
                    static final long __NR_pivot_root = 155;
                    void calls() {
                        LibC.syscall(155, 0, 0, 0, 0, 0);
                        LibC.syscall(
                                217, 0, 0, 0, 0, 0);
                        LibC.syscall(SYS_GETTID, 0, 0, 0, 0, 0);
                        LibC.syscall(nr, 0, 0, 0, 0, 0);
                        syscall(39);
                        LibC.syscall(NR.pivot_root(), 0, 0, 0, 0, 0);
                        LibC.syscall(LinuxSyscalls.NR.bpf(), 1, 0, 0, 0, 0);
                        LibC.syscall(Arch.current().numbers().gettid(), 0, 0, 0, 0, 0);
                        LibC.syscall(SyscallTable.of(Arch.current()).number("mount"), 0, 0, 0, 0, 0);
                        // LibC.syscall(155, 0, 0, 0, 0, 0) in a comment
                        String s = "syscall(155, 0) in a string";
                    }
                    /** Calls it through {@code syscall(2)}. */
                    void documented() {}
                }
                """;
        assertThat(SyscallNumberLiterals.offenders("Raw.java", fixture)).containsExactly(
                "Raw.java:6: LibC.syscall(155, 0, 0, 0, 0, 0);",
                "Raw.java:7: LibC.syscall(",
                "Raw.java:9: LibC.syscall(SYS_GETTID, 0, 0, 0, 0, 0);",
                "Raw.java:10: LibC.syscall(nr, 0, 0, 0, 0, 0);",
                "Raw.java:11: syscall(39);",
                "Raw.java:3: private static final int SYS_GETTID = 186;",
                "Raw.java:4: static final long __NR_pivot_root = 155;");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }
}
