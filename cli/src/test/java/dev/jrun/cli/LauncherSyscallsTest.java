package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.linux.Arch;
import dev.jrun.linux.SyscallTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The launcher script makes two system calls through perl before any Java runs (rt_sigprocmask,
 * memfd_create) and so keeps their numbers itself, one line per architecture; they must be those of
 * native-bindings' syscall tables, which ArchHeadersTest checks against the kernel's headers.
 */
class LauncherSyscallsTest {

    private static final Pattern LINE = Pattern.compile("^\\s*(x86_64|aarch64)\\)\\s+((?:nr_\\w+=\\d+\\s*)+);;", Pattern.MULTILINE);
    private static final Pattern ASSIGNMENT = Pattern.compile("nr_(\\w+)=(\\d+)");

    @Test
    void theLaunchersNumbers_areThoseOfTheTables() throws Exception {
        String launcher = Files.readString(Path.of(System.getProperty("jrun.repo", ".."), "jrun"));
        Matcher line = LINE.matcher(launcher);
        int architectures = 0;
        while (line.find()) {
            Arch arch = Arch.valueOf(line.group(1).toUpperCase(java.util.Locale.ROOT));
            Map<String, Integer> numbers = ASSIGNMENT.matcher(line.group(2)).results()
                    .collect(Collectors.toMap(m -> m.group(1), m -> Integer.parseInt(m.group(2))));
            assertThat(numbers).as("the launcher's numbers for " + arch).containsOnlyKeys("rt_sigprocmask", "memfd_create");
            numbers.forEach((name, number) -> assertThat(number).as(name + " on " + arch)
                    .isEqualTo(SyscallTable.of(arch).number(name)));
            architectures++;
        }
        assertThat(architectures).as("lines of the launcher's syscall numbers, one per architecture").isEqualTo(2);
    }
}
