package dev.jrun.launch;

import static dev.jrun.linux.Clone.CLONE_FS;
import static dev.jrun.linux.Clone.CLONE_NEWCGROUP;
import static dev.jrun.linux.Clone.CLONE_NEWIPC;
import static dev.jrun.linux.Clone.CLONE_NEWNS;
import static dev.jrun.linux.Clone.CLONE_NEWNET;
import static dev.jrun.linux.Clone.CLONE_NEWPID;
import static dev.jrun.linux.Clone.CLONE_NEWUTS;
import static dev.jrun.linux.Mount.MNT_DETACH;
import static dev.jrun.linux.Mount.MS_BIND;
import static dev.jrun.linux.Mount.MS_NODEV;
import static dev.jrun.linux.Mount.MS_NOEXEC;
import static dev.jrun.linux.Mount.MS_NOSUID;
import static dev.jrun.linux.Mount.MS_PRIVATE;
import static dev.jrun.linux.Mount.MS_RDONLY;
import static dev.jrun.linux.Mount.MS_REC;
import static dev.jrun.linux.Mount.MS_REMOUNT;
import static dev.jrun.linux.Mount.MS_STRICTATIME;

import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_CREAT;
import static dev.jrun.linux.OpenFlags.O_DIRECTORY;
import static dev.jrun.linux.OpenFlags.O_PATH;
import static dev.jrun.linux.OpenFlags.O_NOCTTY;
import static dev.jrun.linux.OpenFlags.O_RDONLY;
import static dev.jrun.linux.OpenFlags.O_RDWR;
import static dev.jrun.linux.OpenFlags.O_EXCL;
import static dev.jrun.linux.OpenFlags.O_WRONLY;

import dev.jrun.linux.At;
import dev.jrun.linux.Capability;
import dev.jrun.linux.FileStat;
import dev.jrun.linux.Prctl;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.UserNamespace;
import java.util.List;

/**
 * What the launch thread does to itself, in order, to become the container's world before it
 * spawns the first process (launch.md). Namespaces, root and mounts are per-thread after
 * {@code unshare(CLONE_NEWNS)}, so the rest of the JVM keeps the host's view throughout.
 */
final class ContainerSetup {
    /** Device nodes of a minimal /dev: docker's default set. */
    private record Device(String name, int major, int minor) {}

    private static final List<Device> DEVICES = List.of(
            new Device("null", 1, 3), new Device("zero", 1, 5), new Device("full", 1, 7),
            new Device("random", 1, 8), new Device("urandom", 1, 9), new Device("tty", 5, 0));
    static final java.util.Set<String> DEVICE_NAMES = java.util.Set.copyOf(DEVICES.stream().map(Device::name).toList());

    /** A symlink every container expects in /dev. */
    private record DevLink(String name, String target) {}

    private static final List<DevLink> DEV_LINKS = List.of(
            new DevLink("fd", "/proc/self/fd"), new DevLink("stdin", "/proc/self/fd/0"),
            new DevLink("stdout", "/proc/self/fd/1"), new DevLink("stderr", "/proc/self/fd/2"),
            new DevLink("ptmx", "pts/ptmx"), new DevLink("core", "/proc/kcore"));

    private final Syscalls sys;
    private final String root;
    private final String hostname;
    private final RootfsOptions rootfsOptions;
    private final CgroupView cgroupView;
    private final Credentials credentials;
    private final ProcessPrivileges privileges;
    private final long[] seccompFilter;
    private final UserNamespace userns;
    /** The CLONE_NEW* flags unshared (a new pid namespace applies to children only). */
    private final int namespaces;
    private final List<Namespaces.Join> joins;
    /** exec: the process enters a running container's namespaces instead of making a container. */
    private final boolean entering;
    private final String workdir;
    private final String stateDir;
    private final Stdio.Terminal terminal;
    private final int workdirFd;
    /** Where the terminal's master goes when jrun keeps it (no console socket); -1 otherwise. */
    private final int terminalFd;
    /** Read from /proc now: after pivot_root the container's /proc is not mounted yet. */
    private final long boundingDrop;

    /**
     * @param workdirFd a descriptor number the child's file actions fchdir to: the working directory,
     *                  opened inside the container's root, replaces what it holds (see openWorkdir)
     */
    ContainerSetup(Syscalls sys, LaunchSpec spec, int workdirFd, int terminalFd) {
        this.sys = sys;
        this.root = spec.rootfs().toString();
        this.hostname = spec.hostname();
        this.rootfsOptions = spec.rootfsOptions();
        this.cgroupView = spec.cgroupView();
        this.credentials = spec.credentials();
        this.privileges = spec.privileges();
        this.seccompFilter = spec.seccompFilter();
        this.userns = spec.userns();
        this.workdir = spec.process().cwd();
        this.stateDir = spec.stateDir().toString();
        this.terminal = spec.stdio().terminal();
        this.workdirFd = workdirFd;
        this.terminalFd = terminalFd;
        this.boundingDrop = ProcessPrivileges.kernelCapabilities() & ~privileges.capabilities().bounding();
        this.namespaces = spec.namespaces().unshare() | (cgroupView instanceof CgroupView.Unshare ? CLONE_NEWCGROUP : 0);
        this.joins = spec.namespaces().joins();
        this.entering = spec.namespaces().entersExisting();
    }

    /** The ladder, read top to bottom. */
    List<Step> steps() {
        List<Step> steps = new java.util.ArrayList<>();
        if (cgroupView instanceof CgroupView.Unshare unshare && !unshare.joinFirst().isEmpty()) {
            steps.add(new Step("join-cgroup", "the cgroup namespace made next is rooted where this thread is:"
                    + " in the container's cgroup, the container sees its own as /",
                    () -> joinCgroup(unshare.joinFirst())));
        } else if (cgroupView instanceof CgroupView.Enter enter) {
            steps.add(new Step("enter-cgroup-namespace", "a namespace rooted at the container's cgroup,"
                    + " made there by a helper process: the container sees its own cgroup as /",
                    () -> enterCgroupNamespace(enter.namespaceFd())));
        }
        if (entering && terminal != null) {
            steps.add(allocateTerminalStep()); // the container's devpts, reached through /proc/PID/root
        }
        for (Namespaces.Join join : joins) {
            if (join.type() == CLONE_NEWNS) {
                steps.add(new Step("unshare-fs", "this thread shares its root and cwd with the JVM's other threads;"
                        + " setns into a mount namespace needs its own", () -> sys.unshare(CLONE_FS)));
            }
            steps.add(new Step("join-namespace", (entering ? "exec: the new process lives in the container's"
                    + " namespaces" : "config.json names an existing namespace") + " (" + join.path() + ")",
                    () -> joinNamespace(join)));
        }
        if (!entering) {
            steps.addAll(makeContainer());
        }
        steps.addAll(List.of(
                new Step("open-workdir", "the working directory, looked up inside the new root with no magic"
                        + " link (a /proc/self/fd/N or /proc/self/cwd could name a runtime directory:"
                        + " CVE-2024-21626); the child changes into it by descriptor", this::openWorkdir),
                new Step("drop-bounding-set", "no process of the container can ever gain a capability"
                        + " outside the kept set, not even through a setuid-root binary", this::dropBoundingSet)));
        Step seccomp = seccompFilter == null ? null : new Step("seccomp", "from its first execve on, every system"
                + " call of the container is checked against the profile (this thread's posix_spawn passes it too)",
                this::installSeccomp);
        if (seccomp != null && !privileges.noNewPrivileges()) {
            steps.add(seccomp); // without no_new_privs, installing a filter needs CAP_SYS_ADMIN: do it while held
        }
        if (userns.setgroupsAllowed()) {
            steps.add(new Step("set-groups", "the supplementary groups of --user (none for root), not the"
                    + " runtime's", () -> sys.setgroups(credentials.groups())));
        }
        steps.add(new Step("set-gid", "the group of --user, for this thread only (raw syscall)",
                () -> sys.setresgid(credentials.gid(), credentials.gid(), credentials.gid())));
        if (credentials.uid() != 0) {
            steps.add(new Step("keep-caps", "changing uid away from 0 would clear the permitted set, which"
                    + " set-capabilities still needs", () -> sys.prctl(Prctl.PR_SET_KEEPCAPS, 1, 0, 0, 0)));
        }
        steps.add(new Step("set-uid", "the user of --user, for this thread only (raw syscall)",
                () -> sys.setresuid(credentials.uid(), credentials.uid(), credentials.uid())));
        if (credentials.uid() != 0) {
            steps.add(new Step("restore-dumpable", "a uid change marks the whole JVM undumpable (its /proc"
                    + " files turn root's); it is not", () -> sys.prctl(Prctl.PR_SET_DUMPABLE, 1, 0, 0, 0)));
        }
        steps.add(new Step("set-capabilities", "the effective, permitted and inheritable sets: after execve a root"
                + " process holds its bounding and inheritable ones, any other user its ambient ones", this::setCapabilities));
        if (privileges.capabilities().ambient() != 0) {
            steps.add(new Step("raise-ambient", "capabilities a non-root process keeps across execve without file"
                    + " capabilities (process.capabilities.ambient)", this::raiseAmbient));
        }
        if (privileges.noNewPrivileges()) {
            steps.add(new Step("no-new-privs", "execve can no longer raise privileges (setuid bits, file"
                    + " capabilities are ignored); seccomp filters need it", this::noNewPrivileges));
        }
        if (seccomp != null && privileges.noNewPrivileges()) {
            steps.add(seccomp); // last: nothing of the set-up needs to pass it
        }
        return steps;
    }

    /** The steps that make a new container's world: namespaces, mounts, hostname, pivot_root. */
    private List<Step> makeContainer() {
        List<Step> steps = new java.util.ArrayList<>();
        steps.addAll(List.of(
                new Step("unshare-namespaces", unshareWhy(), this::unshareNamespaces),
                new Step("make-mounts-private", "nothing mounted from here on may propagate back to the host",
                        this::makeMountsPrivate),
                new Step("bind-rootfs", "pivot_root needs the new root to be a mount point of its own",
                        this::bindRootfs),
                new Step("mount-dev", "a fresh /dev holding only harmless devices, not the host's disks"
                        + (userns.initial() ? "" : " (bound from the host's: a user namespace cannot mknod)"),
                        this::mountDev)));
        if (!rootfsOptions.devices().isEmpty()) {
            steps.add(new Step("make-devices", "--device: the host's nodes given to the container (its device"
                    + " cgroup lets it open them)", this::makeDevices));
        }
        steps.addAll(List.of(
                new Step("mount-devpts", "a private pty instance, so the container cannot reach host terminals",
                        this::mountDevpts)));
        if (terminal != null) {
            steps.add(allocateTerminalStep());
        }
        steps.addAll(List.of(
                new Step("mount-shm", "POSIX shared memory private to the container", this::mountShm),
                new Step("mount-mqueue", "message queues of the container's own IPC namespace", this::mountMqueue),
                sysfsStep()));
        if (rootfsOptions.cgroupMount() != null) {
            CgroupMounter cgroups = new CgroupMounter(sys, root + "/sys/fs/cgroup", rootfsOptions.cgroupMount(),
                    userns.initial(), bindsHostSysfs());
            steps.add(new Step("mount-cgroups", cgroups.why(), cgroups::mount)); // inside the sysfs just mounted
        }
        if ((namespaces & CLONE_NEWNET) != 0) {
            steps.add(new Step("loopback-up", "a new network namespace starts with lo down", this::loopbackUp));
        }
        if ((namespaces & CLONE_NEWUTS) != 0) {
            steps.add(new Step("set-hostname", "the container's name in its own UTS namespace", this::setHostname));
        }
        for (RootfsOptions.Tmpfs tmpfs : rootfsOptions.tmpfs()) {
            steps.add(new Step("mount-tmpfs", "--tmpfs: a fresh, memory-backed directory (its target resolved"
                    + " inside the rootfs beforehand)", () -> sys.mount("tmpfs", tmpfs.target(), "tmpfs", tmpfs.flags(),
                    tmpfs.data())));
        }
        for (RootfsOptions.Volume volume : rootfsOptions.volumes()) {
            steps.add(new Step("bind-volume", "a volume or bind mount: the host's " + volume.source() + " seen"
                    + " inside (its mount point resolved inside the rootfs beforehand)",
                    () -> Binds.bind(sys, volume)));
        }
        if (rootfsOptions.readOnly()) {
            steps.add(new Step("remount-root", "--read-only: the image's files cannot be changed (/dev, /dev/shm"
                    + " and --tmpfs stay writable)", this::remountRoot));
        }
        steps.add(new Step("pivot-root", "make the rootfs / and drop the host's tree from this thread's view",
                this::pivotRoot));
        return steps;
    }

    private Step allocateTerminalStep() {
        return new Step("allocate-terminal", "process.terminal: a pty of the container's own devpts; its master goes"
                + " to the caller's console socket, its slave becomes the process's stdio and controlling terminal",
                this::allocateTerminal);
    }

    /**
     * Opens the container's ptmx (host paths still resolve here), unlocks the slave, gives it to the
     * process's user, and leaves a symlink to it in the state directory, which the child opens after
     * the barrier; the master is sent to the caller's console socket, or kept for jrun's own relay.
     */
    private void allocateTerminal() throws SyscallException {
        int master = sys.open(root + "/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
        try {
            int slave = sys.ptyUnlock(master);
            sys.fchownat(At.AT_FDCWD, root + "/dev/pts/" + slave, credentials.uid(), credentials.gid(), 0);
            if (terminal.rows() > 0 && terminal.columns() > 0) {
                sys.setWindowSize(master, terminal.rows(), terminal.columns());
            }
            sys.symlink("/dev/pts/" + slave, stateDir + "/" + ExecBarrier.TTY);
            if (terminal.consoleSocket() != null) {
                sys.sendFd(terminal.consoleSocket().toString(), master, "/dev/ptmx");
            } else {
                sys.dup3(master, terminalFd, O_CLOEXEC); // jrun relays it (run -t)
            }
        } finally {
            sys.close(master);
        }
    }

    /** cgroup v1 lets one thread move alone (its tid into {@code tasks}); the child is then born inside. */
    private void joinCgroup(List<java.nio.file.Path> tasksFiles) throws SyscallException {
        ThreadCgroups.move(sys, sys.gettid(), tasksFiles);
    }

    /** cgroup v2: setns is per thread, like unshare; the namespace itself was made inside the cgroup. */
    private void enterCgroupNamespace(int fd) throws SyscallException {
        sys.setns(fd, CLONE_NEWCGROUP);
    }

    private void dropBoundingSet() throws SyscallException {
        for (int cap = 0; cap < 64; cap++) {
            if ((boundingDrop & (1L << cap)) != 0) {
                sys.prctl(Prctl.PR_CAPBSET_DROP, cap, 0, 0, 0);
            }
        }
    }

    /**
     * A non-root user also keeps CAP_DAC_OVERRIDE until execve, for the barrier's root-owned FIFOs;
     * execve then leaves it its ambient set, as for any non-root process without file capabilities.
     */
    private void setCapabilities() throws SyscallException {
        CapabilitySets caps = privileges.capabilities();
        long untilExec = credentials.uid() == 0 ? 0 : 1L << Capability.number("CAP_DAC_OVERRIDE");
        sys.capset(caps.effective() | untilExec, caps.permitted() | untilExec, caps.inheritable());
    }

    /** Each ambient capability must be permitted and inheritable already (set-capabilities). */
    private void raiseAmbient() throws SyscallException {
        for (int cap = 0; cap < 64; cap++) {
            if ((privileges.capabilities().ambient() & (1L << cap)) != 0) {
                sys.prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, cap, 0, 0);
            }
        }
    }

    private void noNewPrivileges() throws SyscallException {
        sys.prctl(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    }

    /** Only the bind mount of the root itself: the mounts below it keep their own flags. */
    private void remountRoot() throws SyscallException {
        sys.mount(null, root, null, MS_BIND | MS_REMOUNT | MS_RDONLY, null);
    }

    private void installSeccomp() throws SyscallException {
        sys.seccompFilter(seccompFilter);
    }

    /** What each namespace flag gives the container of its own, in the order the reason lists them. */
    private static final List<java.util.Map.Entry<Integer, String>> OWN = List.of(
            java.util.Map.entry(CLONE_NEWNS, "mounts"), java.util.Map.entry(CLONE_NEWUTS, "hostname"),
            java.util.Map.entry(CLONE_NEWIPC, "IPC"), java.util.Map.entry(CLONE_NEWNET, "network"),
            java.util.Map.entry(CLONE_NEWPID, "pid numbering"), java.util.Map.entry(CLONE_NEWCGROUP, "cgroup view"));

    /** The reason, naming only what is unshared (no network with --network host or container:ID). */
    private String unshareWhy() {
        List<String> own = OWN.stream().filter(e -> (namespaces & e.getKey()) != 0).map(java.util.Map.Entry::getValue)
                .toList();
        String listed = own.size() < 2 ? String.join("", own)
                : String.join(", ", own.subList(0, own.size() - 1)) + " and " + own.get(own.size() - 1);
        return "own " + listed + " for this thread and its child";
    }

    private void unshareNamespaces() throws SyscallException {
        sys.unshare(namespaces);
    }

    private void makeMountsPrivate() throws SyscallException {
        sys.mount(null, "/", null, MS_REC | MS_PRIVATE, null);
    }

    private void bindRootfs() throws SyscallException {
        sys.mount(root, root, null, MS_BIND | MS_REC, null);
    }

    private void mountDev() throws SyscallException {
        String dev = root + "/dev";
        sys.mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
        for (Device d : DEVICES) {
            makeNode("/dev/" + d.name(), dev + "/" + d.name(), FileStat.S_IFCHR, d.major(), d.minor(), 0666);
        }
        for (DevLink link : DEV_LINKS) {
            sys.symlink(link.target(), dev + "/" + link.name());
        }
        for (String dir : List.of("pts", "shm", "mqueue")) {
            sys.mkdir(dev + "/" + dir, 0755);
        }
    }

    private void makeDevices() throws SyscallException {
        for (RootfsOptions.Device d : rootfsOptions.devices()) {
            makeNode(d.source(), d.target(), d.type(), d.major(), d.minor(), d.mode());
        }
    }

    /** A device node: made with mknod as root; in a user namespace, which cannot, the host's bound. */
    private void makeNode(String host, String target, int type, int major, int minor, int mode)
            throws SyscallException {
        if (userns.initial()) {
            sys.mknodat(At.AT_FDCWD, target, type | mode, major, minor);
            sys.chmod(target, mode); // mknod applies the umask
        } else {
            sys.close(sys.open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)); // a mount point
            sys.mount(host, target, null, MS_BIND, null);
        }
    }

    /** gid=5 (tty, as docker) only where that group is mapped: a rootless single-id mapping has none. */
    private void mountDevpts() throws SyscallException {
        sys.mount("devpts", root + "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620" + (userns.mapsGid(5) ? ",gid=5" : ""));
    }

    /** setns on a namespace file opened now, before any unshare or pivot_root moves this thread. */
    private void joinNamespace(Namespaces.Join join) throws SyscallException {
        int fd = sys.open(join.path(), O_RDONLY | O_CLOEXEC, 0);
        try {
            sys.setns(fd, join.type());
        } finally {
            sys.close(fd);
        }
    }

    private void mountShm() throws SyscallException {
        sys.mount("shm", root + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
    }

    private void mountMqueue() throws SyscallException {
        sys.mount("mqueue", root + "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, null);
    }

    /**
     * A fresh sysfs shows the network namespace of whoever mounts it, and only a user namespace that
     * owns that network namespace may mount one: rootless without a network namespace of its own
     * (runc's rootless spec has none), the host's /sys is bound instead, as runc does.
     */
    private Step sysfsStep() {
        if (bindsHostSysfs()) {
            return new Step("bind-sysfs", "/sys read-only: the host's, since this user namespace does not own the"
                    + " network namespace a new sysfs would show", this::bindSysfs);
        }
        return new Step("mount-sysfs", "/sys read-only, showing the container's network namespace", this::mountSysfs);
    }

    private boolean bindsHostSysfs() {
        return !userns.initial() && (namespaces & CLONE_NEWNET) == 0;
    }

    private void mountSysfs() throws SyscallException {
        sys.mount("sysfs", root + "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, null);
    }

    /** Read-only by a remount of the bind (its submounts keep their own flags, as with runc's rbind,ro). */
    private void bindSysfs() throws SyscallException {
        Binds.bind(sys, new RootfsOptions.Volume("/sys", root + "/sys", true, MS_RDONLY | MS_NOSUID | MS_NODEV
                | MS_NOEXEC, 0));
    }

    private void loopbackUp() throws SyscallException {
        sys.interfaceUp("lo");
    }

    private void setHostname() throws SyscallException {
        sys.sethostname(hostname);
    }

    /** {@code workdirFd} becomes the working directory; it stays close-on-exec, so the container never holds it. */
    private void openWorkdir() throws SyscallException {
        int newRoot = sys.open("/", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        try {
            int dir = sys.openat2(newRoot, workdir, O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
                    At.RESOLVE_IN_ROOT | At.RESOLVE_NO_MAGICLINKS);
            try {
                sys.dup3(dir, workdirFd, O_CLOEXEC);
            } finally {
                sys.close(dir);
            }
        } finally {
            sys.close(newRoot);
        }
    }

    private void pivotRoot() throws SyscallException {
        // chdir after the bind mount, so "." is the new mount and not the directory beneath it
        sys.chdir(root);
        // pivot_root(".", ".") stacks the old root on top of the new one (no put_old directory needed)
        sys.pivotRoot(".", ".");
        // the old root is now at "."; detach it so no host path stays reachable
        sys.umount2(".", MNT_DETACH);
        sys.chdir("/");
    }
}
