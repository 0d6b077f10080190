package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrun run} as a user sees it: output, exit codes, signals, explain. Needs root. */
class RunCliTest {
    @TempDir
    Path tmp;
    Cli cli;
    String busybox;

    @BeforeEach
    void setUp() {
        Cli.assumeRoot();
        cli = new Cli(tmp);
        busybox = Cli.image("busybox.tar").toString();
    }

    @Test
    void run_printsTheContainersOutputAndExitsWithItsCode() throws Exception {
        var r = cli.run("run", busybox, "echo", "hello");
        assertThat(r.out()).isEqualTo("hello\n");
        assertThat(r.err()).isEmpty();
        r.succeeded();
        assertThat(cli.run("run", busybox, "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void flags_setEnvWorkdirHostnameAndEntrypoint() throws Exception {
        Path envFile = Files.writeString(tmp.resolve("env"), "# comment\nFROM_FILE=1\n\nB=file\n");
        var r = cli.run("run", "-e", "A=x", "--env", "B=flag", "--env-file", envFile.toString(), "-w", "/tmp",
                "--hostname", "h1", busybox, "sh", "-c", "echo $A $B $FROM_FILE; pwd; hostname");
        assertThat(r.out()).isEqualTo("x flag 1\n/tmp\nh1\n");
        var e = cli.run("run", "--entrypoint", "/bin/echo", busybox, "via", "entrypoint");
        assertThat(e.out()).isEqualTo("via entrypoint\n");
    }

    @Test
    void timeout_stopsTheJobAndExits124WithOneLine() throws Exception {
        var r = cli.run("run", "--timeout", "300ms", busybox, "sleep", "100");
        assertThat(r.exitCode()).isEqualTo(124);
        assertThat(r.err()).isEqualTo("jrun: timed out after 300ms: sent SIGKILL: its pid 1 has no handler for SIGTERM\n");
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void statsFile_accountsForEveryProcessOfTheJob() throws Exception {
        Path stats = tmp.resolve("stats.json");
        // the 20 MB string lives in the shell; head and tr are processes of their own
        var r = cli.run("run", "--memory", "64m", "--pids-limit", "50", "--ulimit", "nofile=100", "--stats-file",
                stats.toString(), busybox, "sh", "-c", "x=$(head -c 20000000 /dev/zero | tr '\\0' a); exit 3");
        assertThat(r.exitCode()).isEqualTo(3);

        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stats.toFile());
        assertThat(json.fieldNames()).toIterable().containsExactly("exitCode", "signal", "wallSeconds",
                "userCpuSeconds", "systemCpuSeconds", "peakMemoryBytes", "peakPids", "oomKilled", "timedOut",
                "timeoutAction", "limits", "ulimits");
        assertThat(json.get("exitCode").asInt()).isEqualTo(3);
        assertThat(json.get("signal").isNull()).isTrue();
        assertThat(json.get("wallSeconds").asDouble()).isPositive();
        assertThat(json.get("userCpuSeconds").asDouble() + json.get("systemCpuSeconds").asDouble()).isPositive();
        assertThat(json.get("peakMemoryBytes").asLong()).isGreaterThanOrEqualTo(20_000_000L);
        assertThat(json.get("peakPids").asLong()).as("sh, head and tr at once").isGreaterThanOrEqualTo(3);
        assertThat(json.get("oomKilled").asBoolean()).isFalse();
        assertThat(json.get("timedOut").asBoolean()).isFalse();
        assertThat(json.get("limits").get("memory").asLong()).isEqualTo(64L << 20);
        assertThat(json.get("limits").get("pidsLimit").asLong()).isEqualTo(50);
        assertThat(json.get("ulimits").get(0).asText()).isEqualTo("nofile=100:100");
    }

    @Test
    void stats_onStderr_sayWhenTheJobTimedOut() throws Exception {
        var r = cli.run("run", "--timeout", "300ms", "--stats", busybox, "sleep", "100");
        assertThat(r.exitCode()).isEqualTo(124);
        String json = r.err().substring(0, r.err().lastIndexOf("}\n") + 2);
        var stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(stats.get("timedOut").asBoolean()).isTrue();
        assertThat(stats.get("timeoutAction").asText()).isEqualTo("sent SIGKILL: its pid 1 has no handler for SIGTERM");
        assertThat(stats.get("signal").asText()).isEqualTo("SIGKILL");
    }

    @Test
    void stdin_isTheContainers() throws Exception {
        Process p = cli.start(List.of(), "run", busybox, "tr", "a-z", "A-Z");
        p.getOutputStream().write("shout\n".getBytes());
        p.getOutputStream().close();
        assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("SHOUT\n");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void missingCommand_exits127WithOneLine() throws Exception {
        var r = cli.run("run", busybox, "no-such-command");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.err()).isEqualTo("jrun: no-such-command: executable file not found in $PATH (the container's: "
                + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)\n");
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void notExecutable_exits126() throws Exception {
        var r = cli.run("run", busybox, "/etc/passwd");
        assertThat(r.exitCode()).isEqualTo(126);
        assertThat(r.err()).isEqualTo("jrun: permission denied: /etc/passwd is not executable\n");
    }

    @Test
    void sigtermToJrun_isForwardedToTheContainer() throws Exception {
        Process p = cli.start(List.of(), "run", busybox, "sh", "-c",
                "trap 'echo got TERM; exit 3' TERM; echo ready; sleep 1000 & wait");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertThat(out.readLine()).isEqualTo("ready");
        // SIGTERM to jrun itself (Process.destroy would also close our end of its stdout)
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertThat(out.readLine()).isEqualTo("got TERM");
        assertThat(p.waitFor()).isEqualTo(3);
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void containerKilledBySignal_exits128PlusSignal() throws Exception {
        Process p = startSleeper("victim");
        new ProcessBuilder("kill", "-9", Long.toString(containerPid("victim"))).start().waitFor();
        assertThat(p.waitFor()).isEqualTo(137);
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void explain_namesEveryKernelStepOnStderr() throws Exception {
        var r = cli.run("run", "--explain", busybox, "true");
        r.succeeded();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID",
                "mount(\"tmpfs\"", "mount(\"sysfs\"", "pivot_root(\".\", \".\") = 0",
                "[jrun] release-barrier:", "start.fifo\", O_WRONLY", "posix_spawn(\"/bin/true\"", "execve(");
        assertThat(r.err().lines()).allMatch(l -> l.startsWith("[jrun]"));
        // the cgroup namespace: unshared with the others on cgroup v1; on v2 made by a helper in the
        // container's cgroup, then entered
        assertThat(r.err()).containsPattern("\\|CLONE_NEWPID\\|CLONE_NEWCGROUP\\) = 0|setns\\([0-9]+, CLONE_NEWCGROUP\\) = 0");
    }

    @Test
    void keep_leavesAStoppedContainerUntilRm() throws Exception {
        cli.run("run", "--name", "kept", "--keep", busybox, "true").succeeded();
        assertThat(Files.readString(cli.stateRoot.resolve("kept/state.json"))).contains("\"status\" : \"stopped\"");
        var again = cli.run("run", "--name", "kept", busybox, "true");
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.err()).isEqualTo("jrun: container kept: already exists (kept with --keep): remove it with `jrun rm kept`\n");
        cli.run("rm", "kept").succeeded();
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void runInterruptedByKill9_leavesNothingTheNextRunTripsOver() throws Exception {
        Process p = startSleeper("job");
        long orphan = containerPid("job");
        new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
        p.waitFor();
        assertThat(ProcessHandle.of(orphan)).as("the container outlives a kill -9 of jrun").isPresent();
        var again = cli.run("run", "--name", "job", busybox, "echo", "fresh");
        assertThat(again.out()).isEqualTo("fresh\n");
        again.succeeded();
        assertThat(isRunning(orphan)).as("the stale container was killed").isFalse();
        assertThat(cli.leftovers()).isEmpty();
    }

    @Test
    void unnamedRunInterruptedByKill9_isRemovedByPrune() throws Exception {
        Process p = cli.start(List.of(), "run", busybox, "sh", "-c", "echo ready; exec sleep 1000");
        assertThat(new BufferedReader(new InputStreamReader(p.getInputStream())).readLine()).isEqualTo("ready");
        String name;
        try (var dirs = Files.list(cli.stateRoot)) {
            name = dirs.map(d -> d.getFileName().toString()).findFirst().orElseThrow();
        }
        long orphan = containerPid(name);
        List<Path> cgroup = Files.readAllLines(cli.stateRoot.resolve(name + "/cgroup")).stream().map(Path::of).toList();
        new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
        p.waitFor();

        var pruned = cli.run("prune");

        pruned.succeeded();
        assertThat(pruned.out()).startsWith("Deleted container " + name + "\n").contains("Deleted 1 container, ");
        assertThat(isRunning(orphan)).as("the container's process was killed").isFalse();
        assertThat(cgroup).isNotEmpty().allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(cli.leftovers()).isEmpty();
    }

    /** Whether a process exists and has not exited (a zombie waits for its new parent, init, to reap it). */
    private static boolean isRunning(long pid) throws Exception {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    /** Starts {@code jrun run --name NAME} of a container that says "ready" and then sleeps. */
    private Process startSleeper(String name) throws Exception {
        Process p = cli.start(List.of(), "run", "--name", name, busybox, "sh", "-c", "echo ready; exec sleep 1000");
        assertThat(new BufferedReader(new InputStreamReader(p.getInputStream())).readLine()).isEqualTo("ready");
        return p;
    }

    /** The container's host pid, as its state.json records it. */
    private long containerPid(String name) throws Exception {
        String state = Files.readString(cli.stateRoot.resolve(name + "/state.json"));
        return Long.parseLong(state.replaceAll("(?s).*\"pid\" : (\\d+).*", "$1"));
    }
}
