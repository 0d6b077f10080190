package dev.jrun.runtime;

import dev.jrun.cgroup.Cgroups;
import dev.jrun.launch.CgroupMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A config.json mount of type cgroup (or cgroup2) at /sys/fs/cgroup: the container sees its own
 * cgroups there. What the launch mounts ({@link CgroupMount}) is decided once the container's cgroup
 * exists, from the host's hierarchies, as runc decides it.
 *
 * @param readOnly its {@code ro} option
 */
record CgroupMountRequest(boolean readOnly) {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    /**
     * Each hierarchy the host mounts at /sys/fs/cgroup or directly below it (the one at
     * /sys/fs/cgroup itself alone, if there is one): mounted in the container's cgroup namespace, or
     * without one, the group the container's processes are in bound from the host.
     *
     * @param host the host's cgroup filesystems
     * @param containerGroups the directories of the container's cgroup (one per v1 hierarchy it is made in)
     * @param ownGroups jrun's own groups ({@link Cgroups#ownCgroups()}): where the container's processes
     *                  are in a hierarchy the container has no group of its own in
     * @param namespace whether the container has a cgroup namespace
     */
    CgroupMount resolve(List<Cgroups.Hierarchy> host, List<Path> containerGroups, Map<String, String> ownGroups,
                        boolean namespace) {
        List<Cgroups.Hierarchy> shown = host.stream().filter(h -> h.mountPoint().equals(CGROUP_ROOT)).toList();
        if (shown.isEmpty()) {
            shown = host.stream().filter(h -> CGROUP_ROOT.equals(h.mountPoint().getParent())).toList();
        }
        List<CgroupMount.Hierarchy> hierarchies = new ArrayList<>();
        for (Cgroups.Hierarchy h : shown) {
            Path group = containerGroups.stream().filter(dir -> dir.startsWith(h.mountPoint())).findFirst()
                    .orElse(null);
            Path bind = namespace ? null : group != null ? group : h.mountPoint().resolve(jrunsGroup(h, ownGroups));
            // rw and ro are the mount's flags; release_agent is refused in a cgroup namespace, and the host's
            List<String> options = h.options().stream()
                    .filter(o -> !o.equals("rw") && !o.equals("ro") && !o.startsWith("release_agent=")).toList();
            hierarchies.add(new CgroupMount.Hierarchy(CGROUP_ROOT.relativize(h.mountPoint()).toString(), h.type(),
                    options.isEmpty() ? null : String.join(",", options), bind == null ? null : bind.toString(),
                    readOnly || group == null));
        }
        return new CgroupMount(readOnly, hierarchies);
    }

    /** jrun's group in {@code h}, relative to its root: the line of /proc/self/cgroup naming its controllers. */
    private static String jrunsGroup(Cgroups.Hierarchy h, Map<String, String> ownGroups) {
        List<String> keys = h.type().equals("cgroup2") ? List.of("") : h.options();
        String path = keys.stream().filter(ownGroups::containsKey).map(ownGroups::get).findFirst().orElse("/");
        return path.substring(1);
    }
}
