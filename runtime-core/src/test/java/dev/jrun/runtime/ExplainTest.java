package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.launch.LaunchEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The observer hears every kernel step, as --explain prints it. */
class ExplainTest extends PrivilegedContainerTest {
    @Test
    void observer_hearsEveryStepAndCall() throws Exception {
        List<LaunchEvent> events = new CopyOnWriteArrayList<>();
        engine.run(engine.busybox(), b -> b.command(List.of("true")), events::add);
        List<String> steps = events.stream().filter(e -> e.kind() == LaunchEvent.Kind.STEP)
                .map(LaunchEvent::step).toList();
        assertThat(steps).contains("unshare-namespaces", "make-mounts-private", "bind-rootfs", "mount-dev",
                "mount-sysfs", "mount-cgroups", "pivot-root", "spawn", "await-child", "mount-proc", "release-barrier");
        List<String> calls = events.stream().filter(e -> e.kind() == LaunchEvent.Kind.CALL)
                .map(LaunchEvent::text).toList();
        assertThat(calls).anyMatch(c -> c.startsWith("unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWNET"
                + "|CLONE_NEWPID"));
        // v1: unshared with the rest; v2: entered, made beforehand by a helper inside the cgroup
        assertThat(calls).anyMatch(c -> c.startsWith("unshare(") && c.contains("|CLONE_NEWCGROUP) = 0")
                || c.startsWith("setns(") && c.endsWith(", CLONE_NEWCGROUP) = 0"));
        assertThat(calls).anyMatch(c -> c.startsWith("mount(\"cgroup") && c.contains("/sys/fs/cgroup"));
        assertThat(calls).anyMatch(c -> c.startsWith("mount(\"tmpfs\", ") && c.contains("/dev\", \"tmpfs\""));
        assertThat(calls).anyMatch(c -> c.startsWith("pivot_root(\".\", \".\") = 0"));
        assertThat(calls).anyMatch(c -> c.startsWith("open(") && c.contains("start.fifo\", O_WRONLY"));
        assertThat(calls).anyMatch(c -> c.startsWith("posix_spawn(\"/bin/true\""));
        assertThat(events).anyMatch(e -> e.kind() == LaunchEvent.Kind.NOTE && e.text().contains("execve"));
    }
}
