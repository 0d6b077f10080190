package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.cgroup.Cgroups;
import dev.jrun.launch.CgroupMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a config.json cgroup mount at /sys/fs/cgroup becomes, from the host's hierarchies; no root needed. */
class CgroupMountRequestTest {
    /** A hybrid host: cpu and cpuacct co-mounted, systemd's named hierarchy, the empty v2 beside them. */
    private static final List<Cgroups.Hierarchy> HYBRID = List.of(
            hierarchy("/sys/fs/cgroup/cpu,cpuacct", "cgroup", "rw,cpu,cpuacct"),
            hierarchy("/sys/fs/cgroup/memory", "cgroup", "rw,memory,release_agent=/sbin/agent"),
            hierarchy("/sys/fs/cgroup/systemd", "cgroup", "rw,xattr,name=systemd"),
            hierarchy("/sys/fs/cgroup/unified", "cgroup2", "rw,nsdelegate"),
            hierarchy("/mnt/elsewhere", "cgroup", "rw,pids"));
    private static final List<Path> CONTAINER = List.of(Path.of("/sys/fs/cgroup/cpu,cpuacct/jrun/c1"),
            Path.of("/sys/fs/cgroup/memory/jrun/c1"));
    private static final Map<String, String> JRUN = Map.of("cpu", "/", "cpuacct", "/", "memory", "/",
            "name=systemd", "/user.slice/jrun.scope", "", "/user.slice/jrun.scope");

    @Test
    void v1InANamespace_mountsEachHierarchyWithItsOptions_andThoseWithoutAGroupOfItsOwnReadOnly() {
        CgroupMount mount = new CgroupMountRequest(false).resolve(HYBRID, CONTAINER, JRUN, true);

        assertThat(mount.readOnly()).isFalse();
        assertThat(mount.hierarchies()).containsExactly(
                new CgroupMount.Hierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct", null, false),
                new CgroupMount.Hierarchy("memory", "cgroup", "memory", null, false),
                new CgroupMount.Hierarchy("systemd", "cgroup", "xattr,name=systemd", null, true),
                new CgroupMount.Hierarchy("unified", "cgroup2", "nsdelegate", null, true));
    }

    @Test
    void v1WithoutANamespace_bindsTheGroupsTheContainersProcessesAreIn() {
        CgroupMount mount = new CgroupMountRequest(true).resolve(HYBRID, CONTAINER, JRUN, false);

        assertThat(mount.hierarchies()).extracting(CgroupMount.Hierarchy::bindSource).containsExactly(
                "/sys/fs/cgroup/cpu,cpuacct/jrun/c1", "/sys/fs/cgroup/memory/jrun/c1",
                "/sys/fs/cgroup/systemd/user.slice/jrun.scope", "/sys/fs/cgroup/unified/user.slice/jrun.scope");
        assertThat(mount.hierarchies()).allMatch(CgroupMount.Hierarchy::readOnly);
    }

    @Test
    void v2_isTheOneHierarchyAtSysFsCgroup() {
        List<Cgroups.Hierarchy> v2 = List.of(
                hierarchy("/sys/fs/cgroup", "cgroup2", "rw,nsdelegate,memory_recursiveprot"), hierarchy("/sys/fs/cgroup/net_cls", "cgroup", "rw,net_cls"));
        List<Path> group = List.of(Path.of("/sys/fs/cgroup/jrun/c1"));

        assertThat(new CgroupMountRequest(true).resolve(v2, group, JRUN, true).hierarchies()).containsExactly(
                new CgroupMount.Hierarchy("", "cgroup2", "nsdelegate,memory_recursiveprot", null, true));
        assertThat(new CgroupMountRequest(false).resolve(v2, group, JRUN, false).hierarchies()).containsExactly(
                new CgroupMount.Hierarchy("", "cgroup2", "nsdelegate,memory_recursiveprot", "/sys/fs/cgroup/jrun/c1",
                        false));
    }

    private static Cgroups.Hierarchy hierarchy(String mountPoint, String type, String options) {
        return new Cgroups.Hierarchy(Path.of(mountPoint), type, List.of(options.split(",")));
    }
}
