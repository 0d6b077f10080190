package dev.jrun.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * How the container sees cgroups ({@code /proc/self/cgroup}). A cgroup namespace is rooted at the
 * cgroup its maker is in when it makes it, so the container sees its own cgroup as {@code /} only
 * if the namespace is made from inside that cgroup.
 */
public sealed interface CgroupView {
    /** {@code --cgroupns host}: no cgroup namespace; the container sees host paths. */
    record Host() implements CgroupView {}

    /**
     * A new namespace made by the launch thread, after it joins the cgroup alone through each v1
     * controller's {@code tasks} file ({@code joinFirst}; empty: made wherever the thread is). Once
     * the child exists (born in the cgroup) and before it execs, the thread goes back through the
     * {@code tasks} files {@code leaveTo}, so that only the job counts against the cgroup's limits.
     */
    record Unshare(List<Path> joinFirst, List<Path> leaveTo) implements CgroupView {
        public Unshare {
            joinFirst = List.copyOf(joinFirst);
            leaveTo = List.copyOf(leaveTo);
        }
    }

    /**
     * A namespace made beforehand by a process inside the cgroup (cgroup v2 moves whole processes
     * only, so a JVM thread cannot join alone), entered through this open {@code /proc/PID/ns/cgroup}
     * descriptor, which the caller keeps open until the launch is done.
     */
    record Enter(int namespaceFd) implements CgroupView {}
}
