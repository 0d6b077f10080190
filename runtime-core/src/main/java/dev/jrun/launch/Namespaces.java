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
 * {@code /proc/PID/ns/net} (OCI {@code linux.namespaces[].path}). A mount namespace is always new:
 * the launch thread pivots into the rootfs.
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
        if ((unshare & CLONE_NEWNS) == 0) {
            throw new IllegalArgumentException("a container needs a mount namespace of its own");
        }
    }

    /** Whether the namespace {@code flag} is made new. */
    public boolean isNew(int flag) {
        return (unshare & flag) != 0;
    }
}
