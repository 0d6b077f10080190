package dev.jrun.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.testing.RecordingSyscalls;
import org.junit.jupiter.api.Test;

/** The mount plan of the init thread, asserted call by call without root. */
class ContainerSetupTest {
    @Test
    void steps_makeTheContainersWorldInOrder() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        for (Step step : new ContainerSetup(sys, "/r", "box", new CgroupView.Unshare(java.util.List.of(), java.util.List.of())).steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        assertThat(sys.calls()).containsExactly(
                "unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWPID|CLONE_NEWCGROUP)",
                "mount(null, /, null, MS_REC|MS_PRIVATE, null)",
                "mount(/r, /r, null, MS_BIND|MS_REC, null)",
                "mount(tmpfs, /r/dev, tmpfs, MS_NOSUID|MS_STRICTATIME, mode=755,size=65536k)",
                "mknod(/r/dev/null, 0666, 1:3)", "chmod(/r/dev/null, 0666)",
                "mknod(/r/dev/zero, 0666, 1:5)", "chmod(/r/dev/zero, 0666)",
                "mknod(/r/dev/full, 0666, 1:7)", "chmod(/r/dev/full, 0666)",
                "mknod(/r/dev/random, 0666, 1:8)", "chmod(/r/dev/random, 0666)",
                "mknod(/r/dev/urandom, 0666, 1:9)", "chmod(/r/dev/urandom, 0666)",
                "mknod(/r/dev/tty, 0666, 5:0)", "chmod(/r/dev/tty, 0666)",
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
                "chdir(/r)", "pivot_root(., .)", "umount2(., MNT_DETACH)", "chdir(/)");
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
        for (Step step : new ContainerSetup(sys, "/r", "box", view).steps()) {
            step.run(LaunchObserver.NONE, new Step.StepTracker());
        }
        java.util.List<String> calls = sys.calls();
        int unshare = calls.indexOf(calls.stream().filter(c -> c.startsWith("unshare(")).findFirst().orElseThrow());
        return calls.subList(0, unshare + 1);
    }
}
