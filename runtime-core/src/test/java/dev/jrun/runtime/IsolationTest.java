package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.launch.ProcMount;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the process inside observes about its own world. */
class IsolationTest extends PrivilegedContainerTest {
    @Test
    void firstProcess_isPid1() throws Exception {
        assertThat(engine.sh("echo $$").out()).isEqualTo("1\n");
    }

    @Test
    void hostname_isTheContainersOwn() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.hostname("box1").command(List.of("hostname")));
        assertThat(r.out()).isEqualTo("box1\n");
    }

    @Test
    void defaultHostname_isTheShortIdAndInHOSTNAME() throws Exception {
        var r = engine.sh("hostname; echo $HOSTNAME");
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).matches("[0-9a-f]{12}").isEqualTo(lines[1]);
    }

    @ParameterizedTest
    @EnumSource(value = ProcMount.class, names = {"PIDNS_OPTION", "HELPER_PROCESS"})
    void proc_listsOnlyTheContainersProcesses(ProcMount mode) throws Exception {
        if (mode == ProcMount.PIDNS_OPTION) {
            org.junit.jupiter.api.Assumptions.assumeTrue(KernelFeatures.procfsHasPidnsOption(),
                    "this kernel's procfs has no pidns= option (Linux < 6.18)");
        }
        var r = engine.run(engine.busybox(), b -> b.procMount(mode).command(List.of("sh", "-c",
                "sleep 30 & ls /proc | grep -E '^[0-9]+$' | sort -n | tr '\\n' ' '; kill $!")));
        List<Integer> pids = Arrays.stream(r.out().trim().split(" ")).map(Integer::parseInt).toList();
        // sh, sleep, ls, grep, sort and tr, plus the helper's finished mount(8) that took a number
        assertThat(pids).contains(1).allMatch(p -> p < 20).hasSizeLessThanOrEqualTo(6);
    }

    @Test
    void mountinfo_showsOnlyTheContainersMounts() throws Exception {
        var r = engine.sh("cut -d' ' -f5 /proc/self/mountinfo");
        // besides the masked and read-only paths of /proc and /sys (SecurityDefaultsTest)
        assertThat(r.out().lines().filter(m -> !m.matches("/(proc|sys)/.+"))).containsExactlyInAnyOrder(
                "/", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/proc", "/etc/hosts", "/etc/hostname",
                "/etc/resolv.conf");
    }

    @Test
    void network_hasOnlyLoopback_up() throws Exception {
        var r = engine.sh("ls /sys/class/net; cat /sys/class/net/lo/operstate; ip -o link | cut -d: -f2");
        assertThat(r.out()).isEqualTo("lo\nunknown\n lo\n");
        assertThat(engine.sh("ip link show lo").out()).contains("<LOOPBACK,UP,LOWER_UP>");
    }

    @Test
    void descriptors_areOnlyStdio() throws Exception {
        // ls opens the directory itself as fd 3; nothing of the runtime may be there
        var r = engine.sh("ls /proc/self/fd");
        assertThat(r.out().split("\n")).containsExactly("0", "1", "2", "3");
        // ls as the first process itself, with no shell between (a shell holds fds of its own, say a
        // pipe's ends for a moment): 0-2 from the runtime, and 3, ls's own listing, gone by readlink
        var first = engine.run(engine.busybox(), b -> b.command(java.util.List.of("ls", "-l", "/proc/self/fd")));
        assertThat(first.out().lines().filter(l -> l.contains(" -> ")).map(l -> l.replaceAll(".* (\\d+) -> .*", "$1")))
                .containsExactly("0", "1", "2");
    }

    @Test
    void dev_holdsOnlyTheDefaultNodes() throws Exception {
        var r = engine.sh("ls /dev | tr '\\n' ' '; echo x > /dev/null && head -c 4 /dev/zero | wc -c");
        assertThat(r.out()).isEqualTo(
                "core fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero 4\n");
    }

    @Test
    void sys_isReadOnly() throws Exception {
        var r = engine.sh("touch /sys/x 2>&1; grep ' /sys ' /proc/self/mountinfo | cut -d' ' -f6");
        assertThat(r.out()).contains("Read-only file system").endsWith("ro,nosuid,nodev,noexec,relatime\n");
    }

    /**
     * CVE-2024-21626: until it execs, the first process holds descriptors of the runtime (its state
     * directory, the JVM's files) and a working directory on the host; a working directory of
     * /proc/self/fd/N or /proc/self/cwd must not land it there. It is looked up inside the new root
     * with no magic link, so it is the plain directory of that name in the image.
     */
    @Test
    void aWorkingDirectoryThroughProc_staysInsideTheContainer() throws Exception {
        for (String workdir : java.util.List.of("/proc/self/cwd", "/proc/self/fd/3", "/proc/self/fd/9",
                "/proc/self/fd/15", "/proc/self/fd/20", "/proc/1/cwd")) {
            var r = engine.run(engine.busybox(), b -> b.workdir(workdir).command(java.util.List.of("ls", "-a")));
            // before the fix, /proc/self/fd/15 listed the state directory: cgroup, created.fifo, lock
            assertThat(r.out()).as(workdir).isEqualTo(".\n..\n");
        }
    }
}
