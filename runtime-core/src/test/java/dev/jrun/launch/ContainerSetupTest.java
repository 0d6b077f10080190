package dev.jrun.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.testing.RecordingSyscalls;
import org.junit.jupiter.api.Test;

/** The mount plan of the init thread, asserted call by call without root. */
class ContainerSetupTest {
    @Test
    void steps_makeTheContainersWorldInOrder() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        for (Step step : setup(sys, RootfsOptions.DEFAULT,
                new CgroupView.Unshare(java.util.List.of(), java.util.List.of()),
                Credentials.ROOT, ProcessPrivileges.DEFAULT,
                new long[] {1, 2, 3}, ROOT).steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of(
                "unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID|CLONE_NEWCGROUP)",
                "mount(null, /, null, MS_REC|MS_PRIVATE, null)",
                "mount(/r, /r, null, MS_BIND|MS_REC, null)",
                "mount(tmpfs, /r/dev, tmpfs, MS_NOSUID|MS_STRICTATIME, mode=755,size=65536k)",
                "mknodat(-100, /r/dev/null, 020666, 1:3)", "chmod(/r/dev/null, 0666)",
                "mknodat(-100, /r/dev/zero, 020666, 1:5)", "chmod(/r/dev/zero, 0666)",
                "mknodat(-100, /r/dev/full, 020666, 1:7)", "chmod(/r/dev/full, 0666)",
                "mknodat(-100, /r/dev/random, 020666, 1:8)", "chmod(/r/dev/random, 0666)",
                "mknodat(-100, /r/dev/urandom, 020666, 1:9)", "chmod(/r/dev/urandom, 0666)",
                "mknodat(-100, /r/dev/tty, 020666, 5:0)", "chmod(/r/dev/tty, 0666)",
                "symlink(/proc/self/fd, /r/dev/fd)", "symlink(/proc/self/fd/0, /r/dev/stdin)",
                "symlink(/proc/self/fd/1, /r/dev/stdout)", "symlink(/proc/self/fd/2, /r/dev/stderr)",
                "symlink(pts/ptmx, /r/dev/ptmx)", "symlink(/proc/kcore, /r/dev/core)",
                "mkdir(/r/dev/pts, 0755)", "mkdir(/r/dev/shm, 0755)", "mkdir(/r/dev/mqueue, 0755)",
                "mount(devpts, /r/dev/pts, devpts, MS_NOSUID|MS_NOEXEC, newinstance,ptmxmode=0666,mode=0620,gid=5)",
                "mount(shm, /r/dev/shm, tmpfs, MS_NOSUID|MS_NODEV|MS_NOEXEC, mode=1777,size=65536k)",
                "mount(mqueue, /r/dev/mqueue, mqueue, MS_NOSUID|MS_NODEV|MS_NOEXEC, null)",
                "mount(sysfs, /r/sys, sysfs, MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC, null)",
                "interface_up(lo)",
                "sethostname(box)",
                "chdir(/r)", "pivot_root(., .)", "umount2(., MNT_DETACH)", "chdir(/)",
                "open(/, O_RDONLY|O_DIRECTORY|O_CLOEXEC|O_PATH)",
                "openat2(10, /, O_RDONLY|O_DIRECTORY|O_CLOEXEC|O_PATH, RESOLVE_NO_MAGICLINKS|RESOLVE_IN_ROOT)",
                "dup3(11, 9, O_RDONLY|O_CLOEXEC)", "close(11)", "close(10)"));
        // every capability the kernel has but docker's 14 leaves the bounding set, then the 14 are set
        for (int cap = 0; cap <= dev.jrun.linux.Capability.LAST_KNOWN; cap++) {
            if ((ProcessPrivileges.kernelCapabilities() & ~ProcessPrivileges.DOCKER_DEFAULT & (1L << cap)) != 0) {
                expected.add("prctl(PR_CAPBSET_DROP, " + dev.jrun.linux.Capability.name(cap) + ")");
            }
        }
        expected.addAll(java.util.List.of("setgroups([])", "setresgid(0, 0, 0)", "setresuid(0, 0, 0)",
                "capset(effective=0xa80425fb, permitted=0xa80425fb, inheritable=0x0)",
                "prctl(PR_SET_NO_NEW_PRIVS, 1)", "seccomp(SECCOMP_SET_MODE_FILTER, 3 instructions)"));
        assertThat(sys.calls()).containsExactlyElementsOf(expected);
        assertThat(expected).contains("prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN)", "prctl(PR_CAPBSET_DROP, CAP_SYS_MODULE)");
    }

    @Test
    void capabilities_resolveAsDockerReadsItsFlags() {
        long base = ProcessPrivileges.DOCKER_DEFAULT;
        long held = ProcessPrivileges.kernelCapabilities(); // as root with every capability
        assertThat(dev.jrun.linux.Capability.names(ProcessPrivileges.resolve(base, java.util.List.of("sys_admin"),
                java.util.List.of("CAP_NET_RAW", "mknod"), held))).contains("CAP_SYS_ADMIN").doesNotContain("CAP_NET_RAW",
                "CAP_MKNOD").hasSize(13);
        assertThat(ProcessPrivileges.resolve(base, java.util.List.of("CHOWN"), java.util.List.of("ALL"), held))
                .isEqualTo(1L);
        assertThat(ProcessPrivileges.resolve(base, java.util.List.of("ALL"), java.util.List.of("SYS_ADMIN"), held))
                .isEqualTo(held & ~(1L << 21));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessPrivileges.resolve(base,
                java.util.List.of("CAP_FLY"), java.util.List.of(), held))
                .hasMessage("--cap-add CAP_FLY: no such capability (see capabilities(7); with or without CAP_, or ALL)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessPrivileges.resolve(base,
                java.util.List.of("SYS_RESOURCE"), java.util.List.of(), held & ~(1L << 24)))
                .hasMessage("--cap-add CAP_SYS_RESOURCE: jrun itself does not hold it, so it cannot hand it on");
    }

    @Test
    void failingStep_isNamedInTheError() {
        Step step = new Step("mount-dev", "why", () -> {
            throw new dev.jrun.linux.SyscallException("mount", "\"tmpfs\"", dev.jrun.linux.Errno.EPERM);
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> step.run(LaunchObserver.NONE, new Step.StepTracker()))
                .isInstanceOf(LaunchException.class)
                .hasMessage("mount-dev: mount(\"tmpfs\") failed: EPERM (Operation not permitted)");
    }

    @Test
    void cgroupView_decidesHowTheCgroupNamespaceIsMade() throws Exception {
        java.util.List<java.nio.file.Path> tasks = java.util.List.of(java.nio.file.Path.of("/cg/pids/c/tasks"));
        assertThat(firstCalls(new CgroupView.Unshare(tasks, java.util.List.of())))
                .containsExactly("open(/cg/pids/c/tasks, O_WRONLY|O_CLOEXEC)", "write(10, 1)", "close(10)",
                        "unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID|CLONE_NEWCGROUP)");
        assertThat(firstCalls(new CgroupView.Enter(7))).containsExactly("setns(7, CLONE_NEWCGROUP)",
                "unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID)");
        assertThat(firstCalls(new CgroupView.Host()))
                .containsExactly("unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID)");
    }

    /** The calls up to and including the unshare. */
    private static java.util.List<String> firstCalls(CgroupView view) throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        for (Step step : setup(sys, RootfsOptions.DEFAULT, view, Credentials.ROOT,
                ProcessPrivileges.DEFAULT, null, ROOT).steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        java.util.List<String> calls = sys.calls();
        int unshare = calls.indexOf(calls.stream().filter(c -> c.startsWith("unshare(")).findFirst().orElseThrow());
        return calls.subList(0, unshare + 1);
    }

    @Test
    void aNonRootUser_keepsCapsAcrossTheUidChangeOnlyUntilExec() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        var noNewPrivs = setup(sys, RootfsOptions.DEFAULT, new CgroupView.Host(),
                new Credentials(1000, 100, new int[] {27}), ProcessPrivileges.DEFAULT, new long[1], ROOT);
        for (Step step : noNewPrivs.steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        java.util.List<String> calls = sys.calls();
        assertThat(calls.subList(calls.indexOf("setgroups([27])"), calls.size())).containsExactly("setgroups([27])",
                "setresgid(100, 100, 100)", "prctl(PR_SET_KEEPCAPS, 1)", "setresuid(1000, 1000, 1000)",
                "prctl(PR_SET_DUMPABLE, 1)", "capset(effective=0xa80425fb, permitted=0xa80425fb, inheritable=0x0)",
                "prctl(PR_SET_NO_NEW_PRIVS, 1)", "seccomp(SECCOMP_SET_MODE_FILTER, 1 instructions)");

        RecordingSyscalls without = new RecordingSyscalls();
        var privs = new ProcessPrivileges(0, false, true, null, true);
        for (Step step : setup(without, RootfsOptions.DEFAULT, new CgroupView.Host(),
                Credentials.ROOT, privs,
                new long[2], ROOT).steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        assertThat(without.calls()).as("without no_new_privs the filter goes in while CAP_SYS_ADMIN is held")
                .containsSubsequence("seccomp(SECCOMP_SET_MODE_FILTER, 2 instructions)", "setgroups([])",
                        "capset(effective=0x0, permitted=0x0, inheritable=0x0)")
                .doesNotContain("prctl(PR_SET_NO_NEW_PRIVS, 1)");
    }

    @Test
    void devicesTmpfsVolumesAndReadOnlyRoot_beforePivot() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        var options = new RootfsOptions(true, java.util.List.of(new RootfsOptions.Tmpfs("/r/run",
                dev.jrun.linux.Mount.MS_NOSUID | dev.jrun.linux.Mount.MS_NODEV, "mode=1777")),
                java.util.List.of(new RootfsOptions.Volume("/data", "/r/mnt", true, dev.jrun.linux.Mount.MS_RDONLY, 0)),
                java.util.List.of(new RootfsOptions.Device("/dev/fuse", "/r/dev/fuse", dev.jrun.linux.FileStat.S_IFCHR,
                        10, 229, 0666)), null);
        for (Step step : setup(sys, options, new CgroupView.Host(), Credentials.ROOT,
                ProcessPrivileges.DEFAULT, null, ROOT).steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        assertThat(sys.calls()).containsSubsequence("mkdir(/r/dev/mqueue, 0755)",
                "mknodat(-100, /r/dev/fuse, 020666, 10:229)", "chmod(/r/dev/fuse, 0666)", "sethostname(box)",
                "mount(tmpfs, /r/run, tmpfs, MS_NOSUID|MS_NODEV, mode=1777)",
                "mount(/data, /r/mnt, null, MS_BIND|MS_REC, null)", "statfs(/r/mnt)",
                "mount(null, /r/mnt, null, MS_RDONLY|MS_NOSUID|MS_NODEV|MS_REMOUNT|MS_BIND, null)",
                "mount(null, /r, null, MS_RDONLY|MS_REMOUNT|MS_BIND, null)", "pivot_root(., .)");
    }

    @Test
    void rootlessWithOneId_bindsHostDevicesAndLeavesGroupsAlone() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        var single = new dev.jrun.linux.UserNamespace(java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0,
                1000, 1)), java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0, 1000, 1)), false);
        for (Step step : setup(sys, RootfsOptions.DEFAULT, new CgroupView.Host(), Credentials.ROOT,
                ProcessPrivileges.DEFAULT, null, single).steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        assertThat(sys.calls()).containsSubsequence("mount(tmpfs, /r/dev, tmpfs, MS_NOSUID|MS_STRICTATIME, mode=755,size=65536k)",
                        "open(/r/dev/null, O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC)", "mount(/dev/null, /r/dev/null, null, MS_BIND, null)",
                        "mount(/dev/tty, /r/dev/tty, null, MS_BIND, null)",
                        "mount(devpts, /r/dev/pts, devpts, MS_NOSUID|MS_NOEXEC, newinstance,ptmxmode=0666,mode=0620)",
                        "setresgid(0, 0, 0)")
                .noneMatch(call -> call.startsWith("mknod(") || call.startsWith("setgroups("));
    }

    @Test
    void cgroupMount_v1_isATmpfsOfHierarchiesWithLinks_rightAfterSysfs_thenReadOnly() throws Exception {
        CgroupMount v1 = new CgroupMount(true, java.util.List.of(
                new CgroupMount.Hierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct", null, true),
                new CgroupMount.Hierarchy("systemd", "cgroup", "xattr,name=systemd", null, true)));
        java.util.List<String> calls = cgroupCalls(new RecordingSyscalls(), v1, ROOT);

        assertThat(calls).containsExactly(
                "mount(tmpfs, /r/sys/fs/cgroup, tmpfs, MS_NOSUID|MS_NODEV|MS_NOEXEC, mode=755)",
                "mkdir(/r/sys/fs/cgroup/cpu,cpuacct, 0755)",
                "mount(cgroup, /r/sys/fs/cgroup/cpu,cpuacct, cgroup, MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC,"
                        + " cpu,cpuacct)",
                "symlink(cpu,cpuacct, /r/sys/fs/cgroup/cpu)", "symlink(cpu,cpuacct, /r/sys/fs/cgroup/cpuacct)",
                "mkdir(/r/sys/fs/cgroup/systemd, 0755)",
                "mount(cgroup, /r/sys/fs/cgroup/systemd, cgroup, MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC,"
                        + " xattr,name=systemd)",
                "mount(null, /r/sys/fs/cgroup, null, MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_REMOUNT|MS_BIND, null)");
    }

    @Test
    void cgroupMount_v2WithoutANamespace_bindsTheContainersGroup() throws Exception {
        CgroupMount v2 = new CgroupMount(false, java.util.List.of(
                new CgroupMount.Hierarchy("", "cgroup2", null, "/sys/fs/cgroup/jrun/c1", false)));
        assertThat(cgroupCalls(new RecordingSyscalls(), v2, ROOT)).containsExactly(
                "mount(/sys/fs/cgroup/jrun/c1, /r/sys/fs/cgroup, null, MS_BIND|MS_REC, null)",
                "statfs(/r/sys/fs/cgroup)",
                "mount(null, /r/sys/fs/cgroup, null, MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_REMOUNT|MS_BIND, null)");
    }

    @Test
    void cgroupMount_refusedRootless_isTheHostsBoundReadOnly_butAsRootAnError() throws Exception {
        CgroupMount v2 = new CgroupMount(false, java.util.List.of(
                new CgroupMount.Hierarchy("", "cgroup2", null, null, false)));
        var rootless = new dev.jrun.linux.UserNamespace(java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0,
                1000, 1)), java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0, 1000, 1)), false);
        RecordingSyscalls sys = new RecordingSyscalls().failingMounts("mount(cgroup2, ", dev.jrun.linux.Errno.EPERM);

        assertThat(cgroupCalls(sys, v2, rootless)).containsExactly(
                "mount(cgroup2, /r/sys/fs/cgroup, cgroup2, MS_NOSUID|MS_NODEV|MS_NOEXEC, null)",
                "mount(/sys/fs/cgroup, /r/sys/fs/cgroup, null, MS_BIND|MS_REC, null)", "statfs(/r/sys/fs/cgroup)",
                "mount(null, /r/sys/fs/cgroup, null, MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_REMOUNT|MS_BIND, null)",
                "mount_setattr(/r/sys/fs/cgroup, AT_RECURSIVE, MOUNT_ATTR_RDONLY)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cgroupCalls(new RecordingSyscalls()
                        .failingMounts("mount(cgroup2, ", dev.jrun.linux.Errno.EPERM), v2, ROOT))
                .hasMessageStartingWith("mount-cgroups: mount(").hasMessageContaining("EPERM");
    }

    /** The calls of the step right after mount-sysfs, which must be mount-cgroups. */
    /**
     * Rootless without a network namespace of its own, /sys is the host's, bound with its submounts:
     * the host's cgroup2 is then at the target, and the kernel refuses the same filesystem on the root
     * of its own mount (EBUSY, seen in test-vm's v2 guest), so a tmpfs goes between.
     */
    @Test
    void cgroupMount_overTheHostsBoundSysfs_goesOnATmpfs() throws Exception {
        CgroupMount v2 = new CgroupMount(true, java.util.List.of(
                new CgroupMount.Hierarchy("", "cgroup2", null, null, true)));
        var rootless = new dev.jrun.linux.UserNamespace(java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0,
                1000, 1)), java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0, 1000, 1)), false);
        RecordingSyscalls sys = new RecordingSyscalls();
        java.util.List<Step> steps = new ContainerSetup(sys, new LaunchSpec(java.nio.file.Path.of("/r"),
                java.nio.file.Path.of("/s"), "box", new ProcessSpec("/bin/sh", java.util.List.of("sh"),
                java.util.List.of(), "/"), Stdio.INHERIT, ProcMount.values()[0],
                RootfsOptions.DEFAULT.withCgroupMount(v2), Credentials.ROOT, ProcessPrivileges.DEFAULT, null,
                new CgroupView.Host(), rootless, new Namespaces(Namespaces.ALL_NEW.unshare()
                        & ~dev.jrun.linux.Clone.CLONE_NEWNET, java.util.List.of())), WORKDIR_FD, -1).steps();
        java.util.List<String> names = steps.stream().map(Step::name).toList();
        assertThat(names).containsSubsequence("bind-sysfs", "mount-cgroups");
        int before = sys.calls().size();
        steps.get(names.indexOf("mount-cgroups")).run(LaunchObserver.NONE, new Step.StepTracker());

        assertThat(sys.calls().subList(before, sys.calls().size())).containsExactly(
                "mount(tmpfs, /r/sys/fs/cgroup, tmpfs, MS_NOSUID|MS_NODEV|MS_NOEXEC, mode=755)",
                "mount(cgroup2, /r/sys/fs/cgroup, cgroup2, MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC, null)");
    }

    private static java.util.List<String> cgroupCalls(RecordingSyscalls sys, CgroupMount plan,
                                                      dev.jrun.linux.UserNamespace userns) throws Exception {
        java.util.List<Step> steps = setup(sys, RootfsOptions.DEFAULT.withCgroupMount(plan), new CgroupView.Host(),
                Credentials.ROOT, ProcessPrivileges.DEFAULT, null, userns).steps();
        java.util.List<String> names = steps.stream().map(Step::name).toList();
        assertThat(names.get(names.indexOf("mount-sysfs") + 1)).isEqualTo("mount-cgroups");
        for (Step step : steps.subList(0, names.indexOf("mount-cgroups"))) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        int before = sys.calls().size();
        steps.get(names.indexOf("mount-cgroups")).run(LaunchObserver.NONE, new Step.StepTracker());
        return sys.calls().subList(before, sys.calls().size());
    }

    /** The descriptor the working directory replaces. */
    private static final int WORKDIR_FD = 9;

    /** The initial user namespace: root's. */
    private static final dev.jrun.linux.UserNamespace ROOT = new dev.jrun.linux.UserNamespace(
            java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0, 0, 4294967295L)),
            java.util.List.of(new dev.jrun.linux.UserNamespace.IdRange(0, 0, 4294967295L)), true);

    private static ContainerSetup setup(RecordingSyscalls sys, RootfsOptions options, CgroupView view,
                                        Credentials credentials, ProcessPrivileges privileges, long[] filter,
                                        dev.jrun.linux.UserNamespace userns) {
        return new ContainerSetup(sys, new LaunchSpec(java.nio.file.Path.of("/r"), java.nio.file.Path.of("/s"), "box",
                new ProcessSpec("/bin/sh", java.util.List.of("sh"), java.util.List.of(), "/"), Stdio.INHERIT,
                ProcMount.values()[0], options, credentials, privileges, filter, view, userns, Namespaces.ALL_NEW),
                WORKDIR_FD, -1);
    }
}
