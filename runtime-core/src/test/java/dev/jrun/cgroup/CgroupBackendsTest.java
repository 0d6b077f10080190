package dev.jrun.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.testing.RecordingSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both backends against a temporary tree laid out as each cgroupfs is; the files a kernel would make
 * in a new group are made by {@link #kernelMakes}, so a missing feature stays a missing file.
 */
class CgroupBackendsTest {
    private static final List<String> V1_FILES = List.of("cgroup.procs", "memory.limit_in_bytes",
            "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.oom_control", "cpu.cfs_period_us",
            "cpu.cfs_quota_us", "cpu.shares", "cpuset.cpus", "cpuset.mems", "cgroup.clone_children", "pids.max");
    private static final List<String> V2_FILES = List.of("cgroup.procs", "cgroup.subtree_control", "memory.max",
            "memory.swap.max", "memory.low", "memory.events", "cpu.max", "cpu.weight", "cpuset.cpus", "cpuset.mems",
            "pids.max");
    private static final CgroupLimits LIMITS = CgroupLimits.NONE.withMemory(64L << 20, 96L << 20, 32L << 20)
            .withCpu(CgroupLimits.quotaForCpus(0.5), CgroupLimits.DEFAULT_CPU_PERIOD, 1024, "0", "0").withPids(20);

    @TempDir
    Path root;
    private final RecordingSyscalls sys = new RecordingSyscalls();

    @Test
    void parse_hybridHost_usesV1ControllersAndIgnoresTheEmptyUnifiedMount() {
        Cgroups hosts = Cgroups.parse(List.of(
                "35 26 0:30 / /sys/fs/cgroup/memory rw,relatime shared:15 - cgroup cgroup rw,memory",
                "36 26 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:16 - cgroup cgroup rw,cpu,cpuacct",
                "37 26 0:32 / /sys/fs/cgroup/unified rw,relatime shared:17 - cgroup2 cgroup2 rw"), sys);

        assertThat(hosts.version()).isEqualTo("v1");
        assertThat(hosts.mounted()).as("every hierarchy, for the container's /sys/fs/cgroup").containsExactly(
                new Cgroups.Hierarchy(Path.of("/sys/fs/cgroup/memory"), "cgroup", List.of("rw", "memory")),
                new Cgroups.Hierarchy(Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cgroup", List.of("rw", "cpu", "cpuacct")),
                new Cgroups.Hierarchy(Path.of("/sys/fs/cgroup/unified"), "cgroup2", List.of("rw")));
    }

    @Test
    void parse_unifiedHost_usesV2() {
        Cgroups hosts = Cgroups.parse(List.of(
                "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate"), sys);

        assertThat(hosts.version()).isEqualTo("v2");
    }

    @Test
    void v1_writesEachLimitToItsControllersFile() throws IOException {
        for (String controller : List.of("memory", "cpu", "cpuset", "pids")) {
            kernelMakes(root.resolve(controller), List.of("cpuset.cpus", "cpuset.mems"));
            kernelMakes(root.resolve(controller).resolve("jrun"), V1_FILES);
        }
        Files.writeString(root.resolve("cpuset/cpuset.cpus"), "0-1");
        Files.writeString(root.resolve("cpuset/cpuset.mems"), "0");
        Cgroups hosts = Cgroups.parse(List.of(v1Mount("memory"), v1Mount("cpu"), v1Mount("cpuset"), v1Mount("pids")), sys);

        Cgroup cgroup = hosts.create("jrun", "c1");
        cgroup.directories().forEach(dir -> kernelMakes(dir, V1_FILES));
        cgroup.apply(LIMITS);
        cgroup.add(4242);

        assertThat(root.resolve("memory/jrun/c1/memory.limit_in_bytes")).hasContent("67108864");
        assertThat(root.resolve("memory/jrun/c1/memory.memsw.limit_in_bytes")).hasContent("100663296");
        assertThat(root.resolve("memory/jrun/c1/memory.soft_limit_in_bytes")).hasContent("33554432");
        assertThat(root.resolve("cpu/jrun/c1/cpu.cfs_quota_us")).hasContent("50000");
        assertThat(root.resolve("cpu/jrun/c1/cpu.cfs_period_us")).hasContent("100000");
        assertThat(root.resolve("cpu/jrun/c1/cpu.shares")).hasContent("1024");
        assertThat(root.resolve("cpuset/jrun/cpuset.cpus")).as("the parent gets the root's cpus first").hasContent("0-1");
        assertThat(root.resolve("cpuset/jrun/c1/cpuset.cpus")).hasContent("0");
        assertThat(root.resolve("pids/jrun/c1/pids.max")).hasContent("20");
        assertThat(root.resolve("pids/jrun/c1/cgroup.procs")).hasContent("4242");
    }

    @Test
    void v1_aLimitWhoseControllerIsNotMounted_isAnErrorNamingIt() throws IOException {
        kernelMakes(root.resolve("memory/jrun"), V1_FILES);
        Cgroup cgroup = Cgroups.parse(List.of(v1Mount("memory")), sys).create("jrun", "c1");
        cgroup.directories().forEach(dir -> kernelMakes(dir, V1_FILES));

        assertThatThrownBy(() -> cgroup.apply(CgroupLimits.NONE.withPids(20)))
                .hasMessage("--pids-limit needs the pids cgroup controller, which this host does not mount");
    }

    @Test
    void v2_enablesControllersDownTheTreeAndConvertsSharesToWeight() throws IOException {
        kernelMakes(root, V2_FILES);
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma");
        kernelMakes(root.resolve("jrun"), V2_FILES);
        Files.writeString(root.resolve("jrun/cgroup.controllers"), "cpuset cpu memory pids");
        Cgroups hosts = Cgroups.parse(List.of("30 24 0:26 / " + root + " rw - cgroup2 cgroup2 rw"), sys);

        Cgroup cgroup = hosts.create("jrun", "c1");
        Path dir = cgroup.directories().get(0);
        kernelMakes(dir, V2_FILES);
        Files.writeString(dir.resolve("cgroup.controllers"), "cpuset cpu memory pids");
        cgroup.apply(LIMITS);

        assertThat(root.resolve("cgroup.subtree_control")).hasContent("+cpu +cpuset +memory +pids");
        assertThat(root.resolve("jrun/cgroup.subtree_control")).hasContent("+cpu +cpuset +memory +pids");
        assertThat(dir.resolve("memory.max")).hasContent("67108864");
        assertThat(dir.resolve("memory.swap.max")).as("v2 limits swap alone").hasContent("33554432");
        assertThat(dir.resolve("memory.low")).hasContent("33554432");
        assertThat(dir.resolve("cpu.max")).hasContent("50000 100000");
        assertThat(dir.resolve("cpu.weight")).as("1024 shares, as runc converts them").hasContent("39");
        assertThat(dir.resolve("pids.max")).hasContent("20");
    }

    @Test
    void v2_aControllerNotDelegated_isAnErrorNamingIt() throws IOException {
        kernelMakes(root, V2_FILES);
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory");
        kernelMakes(root.resolve("jrun"), V2_FILES);
        Files.writeString(root.resolve("jrun/cgroup.controllers"), "cpu memory");
        Cgroup cgroup = Cgroups.parse(List.of("30 24 0:26 / " + root + " rw - cgroup2 cgroup2 rw"), sys)
                .create("jrun", "c1");
        kernelMakes(cgroup.directories().get(0), V2_FILES);
        Files.writeString(cgroup.directories().get(0).resolve("cgroup.controllers"), "cpu memory");

        assertThatThrownBy(() -> cgroup.apply(CgroupLimits.NONE.withPids(20)))
                .hasMessageStartingWith("--pids-limit needs the pids cgroup controller, which is not enabled");
    }

    @Test
    void v1_devices_denyAllThenAllowEachRuleInTheKernelsForm() throws IOException {
        kernelMakes(root.resolve("devices/jrun"), List.of("devices.allow", "devices.deny"));
        Cgroup cgroup = Cgroups.parse(List.of(v1Mount("devices")), sys).create("jrun", "c1");
        cgroup.directories().forEach(dir -> kernelMakes(dir, List.of("devices.allow", "devices.deny")));

        cgroup.restrictDevices(DeviceRuleTest.rules("c *:* m", "c  1:3 mwr"));

        assertThat(root.resolve("devices/jrun/c1/devices.deny")).hasContent("a");
        assertThat(root.resolve("devices/jrun/c1/devices.allow")).as("the last write").hasContent("c 1:3 rwm");
    }

    @Test
    void v2_devices_loadAProgramAndAttachItToTheGroupsDirectory() throws IOException {
        kernelMakes(root, V2_FILES);
        Files.writeString(root.resolve("cgroup.controllers"), "memory");
        kernelMakes(root.resolve("jrun"), List.of("cgroup.controllers", "cgroup.subtree_control"));
        Cgroup cgroup = Cgroups.parse(List.of("30 24 0:26 / " + root + " rw - cgroup2 cgroup2 rw"), sys)
                .create("jrun", "c1");

        cgroup.restrictDevices(DeviceRuleTest.rules("c 1:3 rwm", "c 136:* rwm"));

        assertThat(sys.calls()).containsExactly(
                "open(" + root.resolve("jrun/c1") + ", O_RDONLY|O_DIRECTORY|O_CLOEXEC)",
                "bpf(BPF_PROG_LOAD, BPF_PROG_TYPE_CGROUP_DEVICE, jrun_devices, 17 instructions, Apache-2.0)",
                "bpf(BPF_PROG_ATTACH, 10, 11, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI)",
                "close(11)",
                "close(10)");
    }

    @Test
    void v2_devices_rootlessInADelegatedSubtree_needNoProgram() throws IOException {
        for (Path dir : List.of(root, root.resolve("user"), root.resolve("user/shell"), root.resolve("user/jrun"))) {
            kernelMakes(dir, V2_FILES);
            Files.writeString(dir.resolve("cgroup.controllers"), "memory");
        }
        Cgroup cgroup = Cgroups.parse(List.of("30 24 0:26 / " + root + " rw - cgroup2 cgroup2 rw"), sys)
                .createDelegated("jrun", "c1", "/user/shell");

        assertThat(cgroup.directories()).containsExactly(root.resolve("user/jrun/c1"));
        cgroup.restrictDevices(DeviceRuleTest.rules("c 1:3 rwm"));
        assertThat(sys.calls()).as("bpf(2) is refused in a user namespace, which keeps devices out itself").isEmpty();
    }

    @Test
    void v2_devices_aKernelWithoutTheMeans_isAnErrorSayingWhatItLacks() {
        Path dir = Path.of("/sys/fs/cgroup/jrun/c1");
        String load = "BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_CGROUP_DEVICE, insn_cnt=60}, 64";

        assertThat(CgroupV2.devicesError(dir, new SyscallException("bpf", load, Errno.ENOSYS))).hasMessage(
                "the device allow-list of /sys/fs/cgroup/jrun/c1 (an eBPF program, on cgroup v2): bpf(" + load
                        + ") failed: ENOSYS (Function not implemented): this kernel has no bpf(2) system call"
                        + " (CONFIG_BPF_SYSCALL)");
        assertThat(CgroupV2.devicesError(dir, new SyscallException("bpf", load, Errno.EINVAL)))
                .hasMessageEndingWith("this kernel has no cgroup device programs (Linux 4.15 or later, CONFIG_CGROUP_BPF)");
        assertThat(CgroupV2.devicesError(dir, new SyscallException("bpf", load, Errno.EINVAL, "verifier: unreachable insn 9")))
                .as("a program the verifier refused is jrun's fault, not the kernel's")
                .hasMessageEndingWith("failed: EINVAL (Invalid argument): verifier: unreachable insn 9");
        assertThat(CgroupV2.devicesError(dir, new SyscallException("bpf", load, Errno.EPERM)))
                .hasMessageContaining("needs CAP_SYS_ADMIN (or CAP_BPF) in the host's user namespace");
    }

    @Test
    void weight_matchesRuncsConversion() {
        assertThat(CgroupV2.weight(2)).isEqualTo(1);
        assertThat(CgroupV2.weight(1024)).isEqualTo(39);
        assertThat(CgroupV2.weight(262144)).isEqualTo(10000);
    }

    private String v1Mount(String controller) {
        return "40 26 0:40 / " + root.resolve(controller) + " rw - cgroup cgroup rw," + controller;
    }

    /** What mkdir in a cgroupfs does: the directory and its (empty) control files. */
    private static void kernelMakes(Path dir, List<String> files) {
        try {
            Files.createDirectories(dir);
            for (String file : files) {
                if (!Files.exists(dir.resolve(file))) {
                    Files.createFile(dir.resolve(file));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
