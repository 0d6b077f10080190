package dev.jrun.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cgroup v1: one directory per controller, each under its own mount
 * ({@code /sys/fs/cgroup/memory/jrun/<id>}, {@code /sys/fs/cgroup/cpu/jrun/<id>}, ...).
 */
final class CgroupV1 implements Cgroup {

    /**
     * The controllers jrun uses (cpuacct and cpuset too, for stats and --cpuset-*; devices for the
     * allow-list; freezer for pause and resume).
     */
    static final Set<String> CONTROLLERS = Set.of("memory", "cpu", "cpuacct", "cpuset", "pids", "devices", "freezer");

    private final Map<String, Path> dirs;
    /** Each controller's mount point. */
    private final Map<String, Path> mounts;

    private CgroupV1(Map<String, Path> dirs, Map<String, Path> mounts) {
        this.dirs = dirs;
        this.mounts = mounts;
    }

    static CgroupV1 create(Map<String, Path> mounts, String parent, String name) throws IOException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            Path dir = mount.getValue().resolve(parent).resolve(name);
            if (dirs.containsValue(dir)) {
                dirs.put(mount.getKey(), dir); // co-mounted controllers (cpu,cpuacct) share a directory
                continue;
            }
            if (mount.getKey().equals("cpuset")) {
                cpusetParent(mount.getValue(), parent);
            }
            Files.createDirectories(dir);
            dirs.put(mount.getKey(), dir);
        }
        return new CgroupV1(dirs, Map.copyOf(mounts));
    }

    /**
     * A new v1 cpuset group starts with empty cpus and mems, and a process cannot join it so: the
     * parent group gets the root's values first (the child then inherits them when it is made).
     */
    private static void cpusetParent(Path mount, String parent) throws IOException {
        Path dir = mount.resolve(parent);
        Files.createDirectories(dir);
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            if (CgroupFiles.read(dir, file).isEmpty()) {
                CgroupFiles.write(dir, file, CgroupFiles.read(mount, file));
            }
        }
        CgroupFiles.write(dir, "cgroup.clone_children", "1");
    }

    @Override
    public void apply(CgroupLimits limits) throws IOException {
        if (limits.memory() >= 0) {
            CgroupFiles.write(dir("memory", "--memory"), "memory.limit_in_bytes", Long.toString(limits.memory()));
            if (limits.memorySwap() >= 0) {
                CgroupFiles.write(dir("memory", "--memory-swap"), "memory.memsw.limit_in_bytes",
                        Long.toString(limits.memorySwap()));
            }
        }
        if (limits.memoryReservation() >= 0) {
            CgroupFiles.write(dir("memory", "--memory-reservation"), "memory.soft_limit_in_bytes",
                    Long.toString(limits.memoryReservation()));
        }
        if (limits.cpuQuota() >= 0) {
            Path cpu = dir("cpu", "--cpus");
            CgroupFiles.write(cpu, "cpu.cfs_period_us", Long.toString(limits.cpuPeriod()));
            CgroupFiles.write(cpu, "cpu.cfs_quota_us", Long.toString(limits.cpuQuota()));
        }
        if (limits.cpuShares() >= 0) {
            CgroupFiles.write(dir("cpu", "--cpu-shares"), "cpu.shares", Long.toString(limits.cpuShares()));
        }
        if (limits.cpusetCpus() != null) {
            CgroupFiles.write(dir("cpuset", "--cpuset-cpus"), "cpuset.cpus", limits.cpusetCpus());
        }
        if (limits.cpusetMems() != null) {
            CgroupFiles.write(dir("cpuset", "--cpuset-mems"), "cpuset.mems", limits.cpusetMems());
        }
        if (limits.pidsLimit() > 0) {
            CgroupFiles.write(dir("pids", "--pids-limit"), "pids.max", Long.toString(limits.pidsLimit()));
        }
    }

    /** devices.deny everything, then devices.allow each rule (a container's group starts as its parent's). */
    @Override
    public void restrictDevices(List<DeviceRule> allowed) throws IOException {
        Path devices = dir("devices", "the device allow-list");
        CgroupFiles.write(devices, "devices.deny", "a");
        for (DeviceRule rule : allowed) {
            CgroupFiles.write(devices, "devices.allow", rule.toString());
        }
    }

    @Override
    public void add(int pid) throws IOException {
        Cgroups.join(directories(), pid);
    }

    @Override
    public CgroupUsage usage() throws IOException {
        Path cpuacct = dirs.get("cpuacct");
        return new CgroupUsage(CgroupFiles.number(cpuacct, "cpuacct.usage_user"),
                CgroupFiles.number(cpuacct, "cpuacct.usage_sys"),
                CgroupFiles.number(dirs.get("memory"), "memory.max_usage_in_bytes"),
                CgroupFiles.number(dirs.get("pids"), "pids.peak"));
    }

    @Override
    public boolean oomKilled() throws IOException {
        return CgroupFiles.keyed(dirs.get("memory"), "memory.oom_control", "oom_kill") > 0;
    }

    @Override
    public List<Path> threadFiles() {
        return directories().stream().map(dir -> dir.resolve("tasks")).toList();
    }

    /**
     * The {@code tasks} files of this JVM's own groups in the same hierarchies (from
     * /proc/self/cgroup: {@code ID:CONTROLLERS:PATH} lines); a hierarchy whose group is not found
     * under its mount (the JVM is in another cgroup namespace) is left out.
     */
    @Override
    public List<Path> homeThreadFiles() throws IOException {
        Map<String, String> own = Cgroups.ownCgroups();
        java.util.Set<Path> files = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String path = own.get(mount.getKey());
            Path tasks = path == null ? null : mount.getValue().resolve(path.substring(1)).resolve("tasks");
            if (tasks != null && Files.exists(tasks)) {
                files.add(tasks);
            }
        }
        return List.copyOf(files);
    }

    @Override
    public List<Path> directories() {
        return new ArrayList<>(new java.util.LinkedHashSet<>(dirs.values()));
    }

    private Path dir(String controller, String flag) throws IOException {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw new IOException(flag + " needs the " + controller + " cgroup controller, which this host does not"
                    + " mount");
        }
        return dir;
    }
}
