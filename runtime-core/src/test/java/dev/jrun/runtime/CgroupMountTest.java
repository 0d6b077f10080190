package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.cgroup.CgroupLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The container's own cgroups at /sys/fs/cgroup (jrun run writes docker's read-only cgroup mount), as
 * the process inside sees them, on this host's layout: v1 or hybrid here, v2 in test-vm's guest.
 * Needs root.
 */
class CgroupMountTest extends PrivilegedContainerTest {
    /** The directory of the memory controller inside: /sys/fs/cgroup on v2, /sys/fs/cgroup/memory on v1. */
    private static final String MEMORY = "m=/sys/fs/cgroup/memory;"
            + " [ -f /sys/fs/cgroup/cgroup.controllers ] && m=/sys/fs/cgroup; ";
    private static final CgroupLimits MEMORY_64M = CgroupLimits.NONE.withMemory(64L << 20, -1, -1);

    @Test
    void memoryLimit_isReadInsideAtSysFsCgroup() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.limits(MEMORY_64M).command(List.of("sh", "-c",
                "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes")));

        assertThat(r.out()).isEqualTo("67108864\n");
    }

    @Test
    void procSelfCgroup_namesGroupsUnderSysFsCgroup_thatHoldTheProcess() throws Exception {
        // ID:CONTROLLERS:PATH; name=systemd is in systemd/, v2 ("0::") at / (v2) or unified/ (hybrid)
        var r = engine.sh("while IFS=: read -r id ctl path; do d=/sys/fs/cgroup/${ctl#name=};"
                + " [ -z \"$ctl\" ] && d=/sys/fs/cgroup/unified"
                + " && [ -f /sys/fs/cgroup/cgroup.controllers ] && d=/sys/fs/cgroup;"
                + " grep -qx $$ \"$d$path/cgroup.procs\" && echo \"$ctl: ok\" || echo \"$ctl: not in $d$path\";"
                + " done < /proc/self/cgroup");

        assertThat(r.out().lines()).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(": ok"));
    }

    @Test
    void readOnly_noGroupOrFileCanBeMade() throws Exception {
        var r = engine.sh(MEMORY + "mkdir $m/x; mkdir /sys/fs/cgroup/y; grep -c ' /sys/fs/cgroup[/ ]' /proc/mounts");

        assertThat(r.err().lines()).hasSize(2).allSatisfy(line -> assertThat(line).endsWith("Read-only file system"));
        assertThat(Integer.parseInt(r.out().strip())).isPositive();
    }

    @Test
    void withoutACgroupNamespace_theContainersOwnGroupIsBoundThere() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.cgroupNamespace(false).limits(MEMORY_64M).command(List.of("sh",
                "-c", MEMORY + "grep -qx $$ $m/cgroup.procs && echo holds-the-shell;"
                        + " cat $m/memory.max 2>/dev/null || cat $m/memory.limit_in_bytes")));

        assertThat(r.out()).as(r.err()).isEqualTo("holds-the-shell\n67108864\n");
    }

    @Test
    void layout_isTheHosts_aTmpfsOfItsHierarchiesOnV1_theContainersGroupItselfOnV2() throws Exception {
        Path root = Path.of("/sys/fs/cgroup");
        boolean v2 = Files.exists(root.resolve("cgroup.controllers"));
        List<String> host;
        try (Stream<Path> names = Files.list(root)) {
            host = names.map(p -> p.getFileName().toString()).sorted().toList();
        }

        List<String> inside = engine.sh("ls /sys/fs/cgroup; grep ' /sys/fs/cgroup ' /proc/self/mountinfo"
                + " | sed 's/.* - //' | cut -d' ' -f1").out().lines().toList();

        assertThat(inside.get(inside.size() - 1)).as("its filesystem").isEqualTo(v2 ? "cgroup2" : "tmpfs");
        if (v2) {
            assertThat(inside).as("a group's files: the root group has no memory.max").contains("memory.max");
        } else {
            assertThat(inside.subList(0, inside.size() - 1)).as("each hierarchy and link of the host's")
                    .containsExactlyElementsOf(host);
        }
    }

    @Test
    void theHostsCgroupMountsAreUnchangedAfter_andNoMountOfTheContainerIsLeft() throws Exception {
        List<String> before = cgroupMounts();

        assertThat(engine.sh("ls /sys/fs/cgroup >/dev/null").exitCode()).isZero();
        assertThat(cgroupMounts()).isEqualTo(before);
        // only this engine's: other runtimes on this machine may be mounting their own meanwhile
        assertThat(HostUntouchedTest.HostSnapshot.mounts()).noneMatch(line -> line.contains(tmp.toString()));
        assertThat(engine.leftovers()).isEmpty();
    }

    private static List<String> cgroupMounts() throws Exception {
        return HostUntouchedTest.HostSnapshot.mounts().stream().filter(line -> line.contains(" /sys/fs/cgroup"))
                .toList();
    }
}
