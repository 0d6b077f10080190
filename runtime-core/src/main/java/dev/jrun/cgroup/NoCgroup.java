package dev.jrun.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * No cgroup of the container's own: rootless jrun where no cgroup is delegated to the user. Its
 * processes stay in jrun's cgroup; a limit is refused, never ignored, and usage is unknown (-1).
 * Devices need no list here: without CAP_MKNOD in the initial namespace no node can be made, and
 * filesystems mounted in a user namespace never open device nodes (the kernel marks them nodev).
 *
 * @param why why there is none, ending the error a limit flag gets
 */
public record NoCgroup(String why) implements Cgroup {

    @Override
    public void apply(CgroupLimits limits) throws IOException {
        if (!limits.flags().isEmpty()) {
            throw new IOException(String.join(", ", limits.flags()) + (limits.flags().size() > 1 ? " need" : " needs")
                    + " a cgroup, and rootless jrun has none: " + why);
        }
    }

    @Override
    public void restrictDevices(List<DeviceRule> allowed) {
        // nothing to do: see above
    }

    @Override
    public void add(int pid) {
        // nowhere to move it: it stays in jrun's cgroup
    }

    @Override
    public CgroupUsage usage() {
        return new CgroupUsage(-1, -1, -1, -1);
    }

    @Override
    public boolean oomKilled() {
        return false;
    }

    @Override
    public List<Path> threadFiles() {
        return List.of();
    }

    @Override
    public List<Path> homeThreadFiles() {
        return List.of();
    }

    @Override
    public List<Path> directories() {
        return List.of();
    }
}
