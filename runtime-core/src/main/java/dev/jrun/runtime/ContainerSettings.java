package dev.jrun.runtime;

import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.launch.BarrierHook;
import dev.jrun.launch.OwnerThread;
import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * @param created what else runs at the barrier, last (a bundle's create hooks)
 * @param network connects it to its CNI network at the barrier, first: the hooks and the job find it connected
 */
public record ContainerSettings(boolean cgroupNamespace, List<Ulimit> ulimits, Integer oomScoreAdj, Path pidFile,
                                Deadline deadline, CgroupLimits limits, BarrierHook created, BarrierHook network) {
    public ContainerSettings {
        ulimits = List.copyOf(ulimits);
    }

    /** The same settings with {@code deadline}: a job's time limit is a run's, not a bundle's. */
    ContainerSettings withDeadline(Deadline deadline) {
        return new ContainerSettings(cgroupNamespace, ulimits, oomScoreAdj, pidFile, deadline, limits, created, network);
    }

    /** The same settings with {@code network}, which needs the engine's network configurations. */
    ContainerSettings withNetwork(BarrierHook network) {
        return new ContainerSettings(cgroupNamespace, ulimits, oomScoreAdj, pidFile, deadline, limits, created, network);
    }

    /**
     * At the exec barrier: network, limits, OOM score and pid file for the waiting process {@code pid}.
     * What it execs starts under them, and so does everything it starts.
     */
    void applyTo(int pid, Syscalls sys) throws IOException {
        network.created(pid);
        if (!ulimits.isEmpty()) {
            Ulimit[] setting = new Ulimit[1];
            try {
                OwnerThread.run(sys, pid, () -> {
                    for (Ulimit limit : ulimits) {
                        setting[0] = limit;
                        sys.prlimit(pid, limit.resource(), limit.soft(), limit.hard());
                    }
                });
            } catch (SyscallException e) {
                throw new IOException("--ulimit " + setting[0] + ": " + e.getMessage()
                        + (e.errno() == Errno.EPERM ? " (raising a hard limit needs CAP_SYS_RESOURCE)" : ""), e);
            }
        }
        if (oomScoreAdj != null) {
            Files.writeString(Path.of("/proc/" + pid + "/oom_score_adj"), oomScoreAdj.toString());
        }
        if (pidFile != null) {
            // a reader (conmon, containerd's shim) sees no pid file or a whole one, never an empty one
            Path tmp = pidFile.resolveSibling("." + pidFile.getFileName() + ".jrun-tmp");
            Files.writeString(tmp, Integer.toString(pid));
            Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE);
        }
        created.created(pid);
    }
}
