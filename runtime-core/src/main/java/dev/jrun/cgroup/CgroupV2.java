package dev.jrun.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** cgroup v2: one directory in the unified hierarchy, its controllers enabled by the parent. */
final class CgroupV2 implements Cgroup {

    private static final List<String> CONTROLLERS = List.of("cpu", "cpuset", "memory", "pids");

    private final Path dir;

    private CgroupV2(Path dir) {
        this.dir = dir;
    }

    /** A new cgroup {@code base/parent/name}, the controllers enabled from {@code base} down. */
    static CgroupV2 create(Path base, String parent, String name) throws IOException {
        Path parentDir = base.resolve(parent);
        Files.createDirectories(parentDir);
        enableControllers(base, parentDir);
        Path dir = parentDir.resolve(name);
        Files.createDirectory(dir);
        return new CgroupV2(dir);
    }

    /**
     * Each level from {@code base} down to {@code parentDir} must pass the controllers on to its
     * children. Only those not yet passed on are written: a level that holds processes (a delegated
     * subtree's top may) refuses changes, but already passes on what its owner enabled.
     */
    private static void enableControllers(Path base, Path parentDir) throws IOException {
        for (Path level = base; ; level = level.resolve(parentDir.getName(level.getNameCount()).toString())) {
            List<String> available = List.of(CgroupFiles.read(level, "cgroup.controllers").split(" "));
            List<String> enabled = List.of(CgroupFiles.read(level, "cgroup.subtree_control").split(" "));
            StringBuilder enable = new StringBuilder();
            for (String controller : CONTROLLERS) {
                if (available.contains(controller) && !enabled.contains(controller)) {
                    enable.append(enable.length() == 0 ? "+" : " +").append(controller);
                }
            }
            if (enable.length() > 0) {
                CgroupFiles.write(level, "cgroup.subtree_control", enable.toString());
            }
            if (level.equals(parentDir)) {
                return;
            }
        }
    }

    @Override
    public void apply(CgroupLimits limits) throws IOException {
        if (limits.memory() >= 0) {
            write("memory", "--memory", "memory.max", Long.toString(limits.memory()));
            if (limits.memorySwap() >= 0) {
                // v2 limits swap alone; docker's --memory-swap is memory plus swap
                write("memory", "--memory-swap", "memory.swap.max", Long.toString(limits.memorySwap() - limits.memory()));
            }
        }
        if (limits.memoryReservation() >= 0) {
            write("memory", "--memory-reservation", "memory.low", Long.toString(limits.memoryReservation()));
        }
        if (limits.cpuQuota() >= 0) {
            write("cpu", "--cpus", "cpu.max", limits.cpuQuota() + " " + limits.cpuPeriod());
        }
        if (limits.cpuShares() >= 0) {
            write("cpu", "--cpu-shares", "cpu.weight", Long.toString(weight(limits.cpuShares())));
        }
        if (limits.cpusetCpus() != null) {
            write("cpuset", "--cpuset-cpus", "cpuset.cpus", limits.cpusetCpus());
        }
        if (limits.cpusetMems() != null) {
            write("cpuset", "--cpuset-mems", "cpuset.mems", limits.cpusetMems());
        }
        if (limits.pidsLimit() > 0) {
            write("pids", "--pids-limit", "pids.max", Long.toString(limits.pidsLimit()));
        }
    }

    /** v1 shares (2-262144) to v2 weight (1-10000), the linear map runc and crun use. */
    static long weight(long shares) {
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    private void write(String controller, String flag, String file, String value) throws IOException {
        if (!List.of(CgroupFiles.read(dir, "cgroup.controllers").split(" ")).contains(controller)) {
            throw new IOException(flag + " needs the " + controller + " cgroup controller, which is not enabled"
                    + " (or not delegated) for " + dir);
        }
        CgroupFiles.write(dir, file, value);
    }

    @Override
    public void add(int pid) throws IOException {
        CgroupFiles.write(dir, "cgroup.procs", Integer.toString(pid));
    }

    @Override
    public CgroupUsage usage() throws IOException {
        long user = CgroupFiles.keyed(dir, "cpu.stat", "user_usec");
        long system = CgroupFiles.keyed(dir, "cpu.stat", "system_usec");
        return new CgroupUsage(user < 0 ? -1 : user * 1000, system < 0 ? -1 : system * 1000,
                CgroupFiles.number(dir, "memory.peak"), CgroupFiles.number(dir, "pids.peak"));
    }

    @Override
    public boolean oomKilled() throws IOException {
        return CgroupFiles.keyed(dir, "memory.events", "oom_kill") > 0;
    }

    @Override
    public List<Path> threadFiles() {
        return List.of();
    }

    /** v2 controls devices with an eBPF program attached to the group; jrun has none yet. */
    @Override
    public boolean restrictDevices(List<String> allowed) {
        return false;
    }

    @Override
    public List<Path> homeThreadFiles() {
        return List.of();
    }

    @Override
    public List<Path> directories() {
        return List.of(dir);
    }
}
