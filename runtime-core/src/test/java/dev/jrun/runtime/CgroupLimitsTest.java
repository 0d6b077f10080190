package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.launch.Stdio;
import dev.jrun.testing.QemuUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits the job meets from its first instruction, on this host's cgroups (v1 here). Needs root. */
class CgroupLimitsTest extends PrivilegedContainerTest {
    private static final String PARENT = "jrun-test-" + ProcessHandle.current().pid();

    @AfterEach
    void noCgroupLeft() throws Exception {
        if (engine == null) {
            return;
        }
        for (Path parent : parents()) {
            try (Stream<Path> children = Files.list(parent)) {
                assertThat(children.filter(Files::isDirectory)).as("cgroups left under %s", parent).isEmpty();
            } finally {
                Files.deleteIfExists(parent);
            }
        }
    }

    @Test
    void memory_aJobPastItsLimitIsKilledByTheOomKiller() throws Exception {
        ContainerSpec spec = TestEngine.spec(engine.busybox()).cgroupParent(PARENT)
                .limits(CgroupLimits.NONE.withMemory(32L << 20, -1, -1))
                .command(List.of("sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived"))
                .stdio(new Stdio(null, tmp.resolve("job.out"), null)).build();

        Usage usage = usageOf(spec);

        assertThat(usage.exitCode()).isEqualTo(137);
        assertThat(usage.oomKilled()).isTrue();
        assertThat(tmp.resolve("job.out")).isEmptyFile();
    }

    @Test
    void memory_aJobBelowItsLimitRuns() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.cgroupParent(PARENT)
                .limits(CgroupLimits.NONE.withMemory(64L << 20, -1, -1))
                .command(List.of("sh", "-c", "x=$(head -c 1000000 /dev/zero | tr '\\0' a); echo ${#x}")));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("1000000\n");
    }

    @Test
    void pids_aForkLoopStopsAtTheLimit() throws Exception {
        QemuUser.assumeItCan("count a job's pids as the kernel would: each emulated process has a thread more");
        var r = engine.run(engine.busybox(), b -> b.cgroupParent(PARENT).limits(CgroupLimits.NONE.withPids(10))
                // builtins only: busybox sh gives up (exit 2) at the first fork the limit refuses
                .command(List.of("sh", "-c", "n=0; while [ $n -lt 30 ]; do sleep 30 & n=$((n+1)); echo $n; done")));

        // The shell is one of the 10, and nothing else counts: on v1 the launch thread joins the
        // cgroup (to root the cgroup namespace there) but leaves it before the job execs.
        assertThat(r.out().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("9");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void procSelfCgroup_showsTheContainersOwnCgroupAsRoot() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.cgroupParent(PARENT).command(List.of("cat", "/proc/self/cgroup")));

        assertThat(r.out().lines()).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(":/"));
    }

    @Test
    void cgroupnsHost_showsTheContainersCgroupByItsHostPath() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.cgroupParent(PARENT).cgroupNamespace(false)
                .command(List.of("cat", "/proc/self/cgroup")));

        assertThat(r.out()).containsPattern(":/" + PARENT + "/[0-9a-f]{64}\n");
    }

    @Test
    void usage_countsEveryProcessOfTheJob() throws Exception {
        ContainerSpec spec = TestEngine.spec(engine.busybox()).cgroupParent(PARENT)
                .limits(CgroupLimits.NONE.withMemory(64L << 20, -1, -1))
                .command(List.of("sh", "-c", "x=$(head -c 20000000 /dev/zero | tr '\\0' a); sleep 0 & wait; exit 3"))
                .stdio(new Stdio(null, tmp.resolve("job.out"), null)).build();
        Usage usage = usageOf(spec);

        assertThat(usage.exitCode()).isEqualTo(3);
        assertThat(usage.signal()).isNull();
        // -1 where the kernel keeps no such counter (documented): v2's memory.peak is 5.19+, pids.peak 6.1+
        if (KernelFeatures.cgroupKeepsPeakMemory()) {
            assertThat(usage.peakMemoryBytes()).as("tr held 20 MB at once").isGreaterThanOrEqualTo(20_000_000);
        } else {
            assertThat(usage.peakMemoryBytes()).as("no memory.peak before Linux 5.19").isEqualTo(-1);
        }
        if (KernelFeatures.cgroupKeepsPeakPids()) {
            assertThat(usage.peakPids()).as("sh, head and tr at once").isGreaterThanOrEqualTo(3);
        } else {
            assertThat(usage.peakPids()).as("no pids.peak before Linux 6.1").isEqualTo(-1);
        }
        assertThat(usage.userCpuSeconds() + usage.systemCpuSeconds()).isPositive();
        assertThat(usage.wallSeconds()).isPositive();
        assertThat(usage.oomKilled()).isFalse();
        assertThat(usage.timedOut()).isFalse();
        assertThat(usage.timeoutAction()).isNull();
        assertThat(usage.limits().memory()).isEqualTo(64L << 20);
    }

    @Test
    void cpus_aBusyLoopGetsAboutHalfACore() throws Exception {
        QemuUser.assumeItCan("give a job's CPU share as a kernel would (seen: 0.68 of a 0.5 quota, its translation"
                + " work counted)");
        ContainerSpec spec = TestEngine.spec(engine.busybox()).cgroupParent(PARENT)
                .limits(CgroupLimits.NONE.withCpu(CgroupLimits.quotaForCpus(0.5), CgroupLimits.DEFAULT_CPU_PERIOD, -1,
                        null, null))
                .deadline(new Deadline(java.time.Duration.ofSeconds(3), dev.jrun.linux.Signals.SIGKILL,
                        java.time.Duration.ZERO))
                .command(List.of("sh", "-c", "while :; do :; done")).build();
        Usage usage = usageOf(spec);

        // CPU time over wall time, both from the run itself. Unlimited, the loop takes a whole core (1.0);
        // the upper bound leaves room for the quota's last period and for emulated clocks (qemu TCG
        // guests measured 0.61 and 0.67 on a busy host), the lower one for a machine with other work
        double share = (usage.userCpuSeconds() + usage.systemCpuSeconds()) / usage.wallSeconds();
        assertThat(share).as("CPU seconds per second under a 0.5 CPU quota").isBetween(0.3, 0.75);
    }

    @Test
    void oomScoreAdj_isTheJobs() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.cgroupParent(PARENT).oomScoreAdj(500)
                .command(List.of("cat", "/proc/self/oom_score_adj")));

        assertThat(r.out()).isEqualTo("500\n");
    }

    /** Runs {@code spec} to its end and returns its account, read before the container is removed. */
    private Usage usageOf(ContainerSpec spec) throws Exception {
        try (Container container = engine.create(spec)) {
            container.start();
            container.waitFor();
            return container.usage();
        }
    }

    /**
     * The test's parent group in each hierarchy: /sys/fs/cgroup/PARENT (v2), /sys/fs/cgroup/CONTROLLER/PARENT
     * (v1; not through systemd's links to co-mounted hierarchies, cpu -> cpu,cpuacct, which name one twice).
     */
    private static List<Path> parents() throws Exception {
        Path root = Path.of("/sys/fs/cgroup");
        try (Stream<Path> mounts = Files.list(root)) {
            return Stream.concat(Stream.of(root), mounts.filter(m -> !Files.isSymbolicLink(m)))
                    .map(m -> m.resolve(PARENT)).filter(Files::isDirectory).toList();
        }
    }
}
