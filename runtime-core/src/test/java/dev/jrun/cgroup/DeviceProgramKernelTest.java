package dev.jrun.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.testing.Privileged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device program on this machine's kernel, in a group of its cgroup2 mount (a hybrid v1 host's
 * unified mount will do: the kernel runs device programs of the v2 group a task is in either way).
 * Needs root.
 */
class DeviceProgramKernelTest {

    @Test
    void aProcessInTheGroup_opensWhatARuleAllowsAndMakesNodesButOpensNothingElse(@TempDir Path tmp) throws Exception {
        Privileged.assumeRoot();
        List<String> cgroup2 = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.contains(" - cgroup2 ")).toList();
        assumeFalse(cgroup2.isEmpty(), "needs a cgroup2 mount");
        Cgroup cgroup = Cgroups.parse(cgroup2, new LinuxSyscalls()).create("jrun-test-" + ProcessHandle.current().pid(),
                "devices");
        Path dir = cgroup.directories().get(0);
        try {
            cgroup.restrictDevices(DeviceRuleTest.rules("c *:* m", "c 1:3 rwm"));
            Process shell = new ProcessBuilder("sh", "-c", "echo $$ > " + dir.resolve("cgroup.procs")
                    + " && echo x > /dev/null && echo null=0; head -c 1 /dev/zero; mknod " + tmp.resolve("zero")
                    + " c 1 5 && echo mknod=0; head -c 1 " + tmp.resolve("zero")).start();

            assertThat(shell.waitFor()).isEqualTo(1);
            assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("null=0\nmknod=0\n");
            String err = new String(shell.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(err).contains("/dev/zero", tmp.resolve("zero").toString());
            assertThat(err.lines()).hasSize(2).allSatisfy(line -> assertThat(line).endsWith("Operation not permitted"));
        } finally {
            Cgroups.remove(List.of(dir, dir.getParent()));
        }
    }
}
