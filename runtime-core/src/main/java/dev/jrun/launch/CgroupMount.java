package dev.jrun.launch;

import java.util.List;

/**
 * The container's cgroups at /sys/fs/cgroup (a config.json mount of type cgroup there), laid out as
 * runc lays them out: on cgroup v2 the one hierarchy, mounted at /sys/fs/cgroup itself; on v1 and
 * hybrid hosts a tmpfs there with a directory for each hierarchy the host mounts under
 * /sys/fs/cgroup, and a symlink for each controller of a co-mounted one ({@code cpu} to
 * {@code cpu,cpuacct}). Decided before the launch, so the launch thread reads no file.
 *
 * @param readOnly whether the tmpfs of a v1 layout is made read-only once it is filled ({@code ro})
 * @param hierarchies in the host's mount order
 */
public record CgroupMount(boolean readOnly, List<Hierarchy> hierarchies) {
    public CgroupMount {
        hierarchies = List.copyOf(hierarchies);
        if (hierarchies.stream().anyMatch(h -> h.name().isEmpty()) && hierarchies.size() > 1) {
            throw new IllegalArgumentException("a hierarchy mounted at /sys/fs/cgroup itself is the only one there");
        }
    }

    /** Whether /sys/fs/cgroup is a tmpfs holding the hierarchies (v1, hybrid), not a hierarchy itself (v2). */
    boolean split() {
        return hierarchies.size() != 1 || !hierarchies.get(0).name().isEmpty();
    }

    /**
     * One hierarchy, shown from the container's own group down.
     *
     * @param name its directory under /sys/fs/cgroup as the host names it ({@code memory},
     *             {@code cpu,cpuacct}, {@code unified}), or "" for the v2 hierarchy at /sys/fs/cgroup
     * @param type {@code cgroup} (v1) or {@code cgroup2}
     * @param options what a new mount of it says (null for none): the host's superblock options
     *                ({@code cpu,cpuacct}, {@code xattr,name=systemd}), so the kernel finds the same
     *                hierarchy with the same flags
     * @param bindSource without a cgroup namespace, the host directory bound there instead: the group
     *                   the container's processes are in; null to mount the hierarchy in the container's
     *                   cgroup namespace, which roots it at that group
     * @param readOnly whether it is read-only: when asked ({@code ro}), and always for a hierarchy the
     *                 container has no group of its own in (its root would be jrun's group)
     */
    public record Hierarchy(String name, String type, String options, String bindSource, boolean readOnly) {
        /** A symlink to a co-mounted hierarchy for each of its controllers, as the host has them. */
        List<String> links() {
            return name.contains(",") ? List.of(name.split(",")) : List.of();
        }
    }
}
