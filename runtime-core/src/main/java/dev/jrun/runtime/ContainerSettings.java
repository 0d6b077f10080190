package dev.jrun.runtime;

import dev.jrun.cgroup.CgroupLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * What the engine does for a container's first process besides the launch itself, whichever way the
 * container was described (an image with flags, or a bundle's config.json).
 *
 * @param cgroupNamespace whether it gets a cgroup namespace rooted at its own cgroup
 * @param ulimits resource limits set on it at the exec barrier
 * @param oomScoreAdj its OOM score adjustment, set at the barrier; null leaves the runtime's
 * @param pidFile where its host pid is written at the barrier (OCI {@code --pid-file}); null for none
 * @param deadline when it is stopped, and how
 * @param limits its cgroup's limits, quoted in its usage report
 */
public record ContainerSettings(boolean cgroupNamespace, List<Ulimit> ulimits, Integer oomScoreAdj, Path pidFile,
                                Deadline deadline, CgroupLimits limits) {
    public ContainerSettings {
        ulimits = List.copyOf(ulimits);
    }

    static ContainerSettings of(ContainerSpec spec) {
        return new ContainerSettings(spec.cgroupNamespace(), spec.ulimits(), spec.oomScoreAdj(), null, spec.deadline(),
                spec.limits());
    }
}
