package dev.jrun.launch;

import static dev.jrun.linux.Clone.CLONE_NEWIPC;
import static dev.jrun.linux.Clone.CLONE_NEWNET;
import static dev.jrun.linux.Clone.CLONE_NEWNS;
import static dev.jrun.linux.Clone.CLONE_NEWPID;
import static dev.jrun.linux.Clone.CLONE_NEWUTS;

import java.util.List;

/**
 * The namespaces a container's first process gets besides its cgroup namespace (which its
 * {@link CgroupView} decides): made new by unshare, or joined by setns on a path such as
 * {@code /proc/PID/ns/net} (OCI {@code linux.namespaces[].path}). A new container gets a new mount
 * namespace, since the launch thread pivots into its rootfs; a process joining a running container
 * ({@code exec}) enters every namespace of it instead, the mount namespace last.
 *
 * @param unshare {@code CLONE_NEW*} flags of the namespaces made new
 * @param joins the namespaces joined, in order
 */
public record Namespaces(int unshare, List<Join> joins) {
    /** jrun's own containers: everything new. */
    public static final Namespaces ALL_NEW = new Namespaces(
            CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID, List.of());

    /** @param type one {@code CLONE_NEW*} flag */
    public record Join(int type, String path) {}

    public Namespaces {
        joins = List.copyOf(joins);
        if ((unshare & CLONE_NEWNS) == 0 && !joins.isEmpty() && joins.get(joins.size() - 1).type() != CLONE_NEWNS) {
            throw new IllegalArgumentException("a container needs a mount namespace: a new one, or an existing one"
                    + " entered last");
        }
    }

    /**
     * Every namespace of the running process {@code pid}, to start another process in its container
     * ({@code exec}); the mount namespace comes last, as setns there changes where paths resolve.
     */
    public static Namespaces of(int pid) {
        List<Join> joins = new java.util.ArrayList<>();
        for (var ns : List.of(java.util.Map.entry("cgroup", dev.jrun.linux.Clone.CLONE_NEWCGROUP),
                java.util.Map.entry("ipc", CLONE_NEWIPC), java.util.Map.entry("uts", CLONE_NEWUTS),
                java.util.Map.entry("net", CLONE_NEWNET), java.util.Map.entry("pid", CLONE_NEWPID),
                java.util.Map.entry("mnt", CLONE_NEWNS))) {
            joins.add(new Join(ns.getValue(), "/proc/" + pid + "/ns/" + ns.getKey()));
        }
        return new Namespaces(0, joins);
    }

    /** Whether this enters an existing container (its mount namespace) rather than making one. */
    public boolean entersExisting() {
        return !joins.isEmpty() && joins.get(joins.size() - 1).type() == CLONE_NEWNS;
    }

    /** Whether the namespace {@code flag} is made new. */
    public boolean isNew(int flag) {
        return (unshare & flag) != 0;
    }
}
