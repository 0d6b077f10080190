package dev.jrun.cgroup;

import java.io.IOException;
import java.util.List;

/** One container's cgroup, on whichever hierarchy the host mounts. */
public interface Cgroup {

    /** Writes the limits into the cgroup's files; a controller the host lacks is an error naming it. */
    void apply(CgroupLimits limits) throws IOException;

    /**
     * Denies the cgroup's processes every device access that no rule of {@code allowed} names
     * ({@code c *:* m}, {@code c 1:3 rwm}, {@code c 136:* rwm}; see {@link DeviceRule}), before the
     * first process joins. A kernel without the means is an error naming what it lacks.
     */
    void restrictDevices(List<DeviceRule> allowed) throws IOException;

    /** Moves process {@code pid} (the container's first, before it execs) into the cgroup. */
    void add(int pid) throws IOException;

    /** What the cgroup's processes used so far (read it before the cgroup is removed). */
    CgroupUsage usage() throws IOException;

    /** Whether the kernel's OOM killer killed a process of this cgroup. */
    boolean oomKilled() throws IOException;

    /**
     * Files a single thread joins the cgroup through ({@code tasks} of each v1 controller); empty on
     * v2, which moves whole processes only.
     */
    List<java.nio.file.Path> threadFiles();

    /**
     * The {@code tasks} files of the groups this JVM is in, in the same hierarchies: a thread that
     * joined through {@link #threadFiles()} goes back through these; empty on v2.
     */
    List<java.nio.file.Path> homeThreadFiles() throws IOException;

    /** The directories that make up this cgroup (one per v1 controller, one on v2), for later removal. */
    List<java.nio.file.Path> directories();
}
