package dev.jrun.cgroup;

import static dev.jrun.linux.Bpf.BPF_CGROUP_DEVICE;
import static dev.jrun.linux.Bpf.BPF_F_ALLOW_MULTI;
import static dev.jrun.linux.Bpf.BPF_PROG_TYPE_CGROUP_DEVICE;
import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_DIRECTORY;
import static dev.jrun.linux.OpenFlags.O_RDONLY;

import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** cgroup v2: one directory in the unified hierarchy, its controllers enabled by the parent. */
final class CgroupV2 implements Cgroup {

    private static final List<String> CONTROLLERS = List.of("cpu", "cpuset", "memory", "pids");

    private final Path dir;
    /** The calls the device program is loaded and attached with. */
    private final Syscalls sys;
    /**
     * Rootless (a subtree delegated to the user): bpf(2) is refused in a user namespace, and no
     * program is needed there: the kernel opens no device node on a filesystem mounted in a user
     * namespace, and mknod of a device needs CAP_MKNOD in the initial one.
     */
    private final boolean inUserNamespace;

    private CgroupV2(Path dir, Syscalls sys, boolean inUserNamespace) {
        this.dir = dir;
        this.sys = sys;
        this.inUserNamespace = inUserNamespace;
    }

    /**
     * A new cgroup {@code base/parent/name}, the controllers enabled from {@code base} down.
     *
     * @param inUserNamespace whether jrun runs rootless, in a user namespace that keeps devices out
     */
    static CgroupV2 create(Path base, String parent, String name, Syscalls sys, boolean inUserNamespace)
            throws IOException {
        Path parentDir = base.resolve(parent);
        Files.createDirectories(parentDir);
        enableControllers(base, parentDir);
        Path dir = parentDir.resolve(name);
        Files.createDirectory(dir);
        return new CgroupV2(dir, sys, inUserNamespace);
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
        Cgroups.join(directories(), pid);
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

    /**
     * v2 has no devices files: an eBPF program attached to the group decides each device access of
     * its tasks, as runc and crun do it. It must be attached before the first process joins.
     */
    @Override
    public void restrictDevices(List<DeviceRule> allowed) throws IOException {
        if (inUserNamespace) {
            return; // the user namespace keeps devices out (see inUserNamespace)
        }
        long[] program = DeviceProgram.compile(allowed);
        try {
            // a program attaches to a group named by a descriptor of its directory
            int dirFd = sys.open(dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            try {
                // the verifier proves the program safe and ending before the kernel takes it
                int progFd = sys.bpfProgLoad(BPF_PROG_TYPE_CGROUP_DEVICE, DeviceProgram.NAME, program,
                        DeviceProgram.LICENSE);
                try {
                    // ALLOW_MULTI: programs of the groups above (systemd's) still run, and each must allow
                    sys.bpfProgAttach(dirFd, progFd, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI);
                } finally {
                    sys.close(progFd); // the attachment holds the program for as long as the group lives
                }
            } finally {
                sys.close(dirFd);
            }
        } catch (SyscallException e) {
            throw devicesError(dir, e);
        }
    }

    /** The error of a refused device program, saying what the kernel lacks where errno means that. */
    static IOException devicesError(Path dir, SyscallException e) {
        String lacks = switch (e.errno()) {
            case Errno.ENOSYS -> ": this kernel has no bpf(2) system call (CONFIG_BPF_SYSCALL)";
            case Errno.EINVAL -> e.detail() != null ? "" // the verifier refused the program itself
                    : ": this kernel has no cgroup device programs (Linux 4.15 or later, CONFIG_CGROUP_BPF)";
            case Errno.EPERM -> ": loading a device program needs CAP_SYS_ADMIN (or CAP_BPF) in the host's user"
                    + " namespace, and attaching one fails below a group whose own program allows no others";
            default -> "";
        };
        return new IOException("the device allow-list of " + dir + " (an eBPF program, on cgroup v2): "
                + e.getMessage() + lacks, e);
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
