package dev.jrun.linux;

/**
 * Every Linux call the runtime makes goes through this interface, so that a test can replace it
 * with a recording fake and assert the exact sequence (the mount plan, the spawn) without root.
 * Each method throws {@link SyscallException} naming the call, its arguments and errno.
 *
 * <p>Paths are resolved by the kernel in the <em>calling thread's</em> root and mount namespace:
 * after {@code unshare(CLONE_NEWNS)} and {@code pivot_root} a thread sees the container's files.
 */
public interface Syscalls {
    /** unshare(2): move the calling thread into new namespaces ({@link Clone} flags). */
    void unshare(int flags) throws SyscallException;

    /** setns(2): join the namespace behind {@code fd}; {@code nstype} is one {@link Clone} flag or 0. */
    void setns(int fd, int nstype) throws SyscallException;

    /** mount(2); {@code source}, {@code fstype} and {@code data} may be null. */
    void mount(String source, String target, String fstype, long flags, String data) throws SyscallException;

    /** umount2(2) with {@link Mount#MNT_DETACH} and friends. */
    void umount2(String target, int flags) throws SyscallException;

    /** pivot_root(2), which glibc does not wrap: {@code new_root} must be a mount point. */
    void pivotRoot(String newRoot, String putOld) throws SyscallException;

    /** sethostname(2), in the calling thread's UTS namespace. */
    void sethostname(String name) throws SyscallException;

    void chdir(String path) throws SyscallException;

    void mkdir(String path, int mode) throws SyscallException;

    void chmod(String path, int mode) throws SyscallException;

    void symlink(String target, String linkPath) throws SyscallException;

    void mkfifo(String path, int mode) throws SyscallException;

    /** open(2); returns the descriptor. */
    int open(String path, int flags, int mode) throws SyscallException;

    /** openat(2) relative to a directory descriptor. */
    int openat(int dirFd, String path, int flags, int mode) throws SyscallException;

    void close(int fd) throws SyscallException;

    /**
     * openat2(2): openat with lookup rules from {@link At} ({@code RESOLVE_IN_ROOT} makes
     * {@code dirFd} the root of the lookup, so no symlink or {@code ..} in {@code path} leaves it).
     */
    int openat2(int dirFd, String path, int flags, int mode, long resolve) throws SyscallException;

    /** dup3(2): {@code newFd} becomes a copy of {@code oldFd}, atomically replacing what it was. */
    void dup3(int oldFd, int newFd, int flags) throws SyscallException;

    void mkdirat(int dirFd, String name, int mode) throws SyscallException;

    /** mknodat(2); {@code mode} holds the type ({@link FileStat#S_IFCHR}, S_IFBLK, S_IFIFO) and permissions. */
    void mknodat(int dirFd, String name, int mode, int major, int minor) throws SyscallException;

    /** symlinkat(2): {@code target} is stored as given and never looked up. */
    void symlinkat(String target, int dirFd, String name) throws SyscallException;

    /** linkat(2) without AT_SYMLINK_FOLLOW: a hard link to {@code oldName} itself, even a symlink. */
    void linkat(int oldDirFd, String oldName, int newDirFd, String newName) throws SyscallException;

    /** readlinkat(2): the target of symlink {@code name}, as stored. */
    String readlinkat(int dirFd, String name) throws SyscallException;

    /** unlinkat(2); {@link At#AT_REMOVEDIR} removes an empty directory. */
    void unlinkat(int dirFd, String name, int flags) throws SyscallException;

    /** fchownat(2); with {@link At#AT_SYMLINK_NOFOLLOW} a symlink gets its own owner. */
    void fchownat(int dirFd, String name, int uid, int gid, int flags) throws SyscallException;

    /** fchmod(2), on an open file or directory (there is no mode to set on a symlink). */
    void fchmod(int fd, int mode) throws SyscallException;

    /**
     * utimensat(2) setting access and modification time both to {@code seconds.nanos}; a null
     * {@code name} sets them on {@code dirFd} itself (futimens).
     */
    void utimensat(int dirFd, String name, long seconds, int nanos, int flags) throws SyscallException;

    /**
     * llistxattr(2) and lgetxattr(2): every extended attribute of {@code path} itself (a symlink's
     * own), by name, with its value as stored.
     */
    java.util.Map<String, byte[]> lgetxattrs(String path) throws SyscallException;

    /** fsetxattr(2) on an open file or directory. */
    void fsetxattr(int fd, String name, byte[] value) throws SyscallException;

    /** statx(2); {@link At#AT_SYMLINK_NOFOLLOW} describes a symlink itself, AT_EMPTY_PATH the fd. */
    FileStat statx(int dirFd, String path, int flags) throws SyscallException;

    /**
     * The flags of the mount holding {@code path} (statfs(2)'s f_flags as {@code MS_RDONLY},
     * {@code MS_NOSUID}, {@code MS_NODEV}, {@code MS_NOEXEC} and the atime flags). A bind remount must
     * repeat all but MS_RDONLY: in a user namespace the kernel locks them, and a remount that leaves
     * one out fails with EPERM.
     */
    long mountFlags(String path) throws SyscallException;

    /** The names in an open directory ({@code getdents64(2)}), without "." and "..". */
    java.util.List<String> readDirectory(int dirFd) throws SyscallException;

    /** pwrite(2) until all {@code length} bytes of a direct buffer, from position 0, are written at {@code offset}. */
    void pwriteFully(int fd, java.nio.ByteBuffer buffer, int length, long offset) throws SyscallException;

    /** ftruncate(2): sets the file's length; growing it leaves a hole that takes no disk space. */
    void ftruncate(int fd, long length) throws SyscallException;

    /** fsopen(2): a filesystem context for the new mount API, e.g. {@code "proc"}. */
    int fsopen(String fsName, int flags) throws SyscallException;

    /** fsconfig(2) with {@link Mount#FSCONFIG_SET_FD}: a parameter that takes a descriptor. */
    void fsconfigSetFd(int fsFd, String key, int fd) throws SyscallException;

    /** fsconfig(2) with {@link Mount#FSCONFIG_CMD_CREATE}: create the superblock. */
    void fsconfigCreate(int fsFd) throws SyscallException;

    /** fsmount(2): a detached mount of the configured filesystem; returns its descriptor. */
    int fsmount(int fsFd, int flags, int attributes) throws SyscallException;

    /** open_tree(2) with {@link Mount#OPEN_TREE_CLONE}: a detached copy of a mounted tree. */
    int openTree(int dirFd, String path, int flags) throws SyscallException;

    /** move_mount(2) of a detached mount ({@code fromFd}) onto {@code toPath}. */
    void moveMount(int fromFd, String toPath) throws SyscallException;

    /**
     * mount_setattr(2) (Linux 5.12): sets {@code attrSet} ({@link Mount#MOUNT_ATTR_RDONLY} and the like)
     * on the mount at {@code path}, and with {@link Mount#AT_RECURSIVE} on every mount below it too.
     */
    void mountSetattr(String path, int flags, long attrSet) throws SyscallException;

    /**
     * A pseudo-terminal master just opened from a devpts instance's ptmx: unlocks its slave
     * ({@code TIOCSPTLCK} 0) and returns the slave's number ({@code TIOCGPTN}), its name in that
     * instance being {@code pts/N}.
     */
    int ptyUnlock(int masterFd) throws SyscallException;

    /** {@code TIOCGWINSZ}: the terminal's size, {rows, columns}. */
    int[] windowSize(int fd) throws SyscallException;

    /** read(2) into {@code buffer}: the bytes read, 0 at end of file (EINTR retried). */
    int read(int fd, byte[] buffer) throws SyscallException;

    /** write(2) of all {@code length} bytes of {@code data} (short writes and EINTR retried). */
    void write(int fd, byte[] data, int length) throws SyscallException;

    /** {@code TIOCSWINSZ}: the terminal's size in rows and columns. */
    void setWindowSize(int fd, int rows, int columns) throws SyscallException;

    /**
     * Connects to the unix socket {@code socketPath} and sends {@code fd} over it ({@code SCM_RIGHTS},
     * with {@code name} as the message): how an OCI runtime hands a terminal to its caller.
     */
    void sendFd(String socketPath, int fd, String name) throws SyscallException;

    /** Sets {@code IFF_UP} on a network interface of the calling thread's network namespace. */
    void interfaceUp(String name) throws SyscallException;

    /**
     * Deletes network device {@code name} of the calling thread's network namespace, as {@code ip link
     * del} does: an RTM_DELLINK request on a NETLINK_ROUTE socket, answered by the kernel's ack or
     * errno (ENODEV if there is no such device).
     */
    void deleteLink(String name) throws SyscallException;

    /** gettid(2): the calling thread's id, as /proc/self/task shows it. */
    int gettid();

    int geteuid();

    /** Builds posix_spawn's native arguments now, so the spawn itself touches nothing new. */
    PreparedSpawn prepareSpawn(SpawnRequest request) throws SyscallException;

    /** posix_spawn(3); returns the child's pid once it has exec'd (or failed to). */
    int spawn(PreparedSpawn spawn) throws SyscallException;

    /** Prepares and spawns at once, where nothing has to happen in between (no pivot_root, no unshare). */
    default int spawn(SpawnRequest request) throws SyscallException {
        try (PreparedSpawn prepared = prepareSpawn(request)) {
            return spawn(prepared);
        }
    }

    /** A child reaped by {@link #waitAnyChild}. */
    record Reaped(int pid, WaitStatus status) {}

    /** waitpid(-1): blocks until any child (or, for a subreaper, any orphan it adopted) exits, and reaps it. */
    Reaped waitAnyChild() throws SyscallException;

    /** waitpid(2) for one child; blocks unless {@code options} has WNOHANG. */
    WaitStatus waitpid(int pid, int options) throws SyscallException;

    void kill(int pid, int signal) throws SyscallException;

    /** pidfd_open(2): a descriptor that names this process for as long as it is held. */
    int pidfdOpen(int pid) throws SyscallException;

    /** pidfd_send_signal(2): signal without the pid-reuse race of kill(2). */
    void pidfdSendSignal(int pidFd, int signal) throws SyscallException;

    /**
     * poll(2) for {@code POLLIN} on some descriptors; returns the index of the first one that is
     * readable (or hung up), or -1 on timeout. A negative timeout waits for ever.
     */
    int pollIn(int[] fds, int timeoutMillis) throws SyscallException;

    /** pipe2(2) with O_CLOEXEC; returns {read end, write end}. */
    int[] pipe() throws SyscallException;

    /** write(2) of a small buffer (a pipe takes up to PIPE_BUF bytes at once). */
    void write(int fd, byte[] data) throws SyscallException;

    /**
     * signalfd(2): a descriptor from which the given signals are read instead of delivered. They
     * must be blocked in every thread of the process, or a thread that does not block them gets them.
     */
    int signalfd(int[] signals) throws SyscallException;

    /** Blocks until a signal arrives on a {@link #signalfd} descriptor; returns its number. */
    int readSignal(int signalFd) throws SyscallException;

    /** prctl(2) with up to four arguments. */
    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws SyscallException;

    /** setresuid(2) as a raw syscall: changes the calling thread only, unlike glibc's wrapper. */
    void setresuid(int ruid, int euid, int suid) throws SyscallException;

    /** setresgid(2) as a raw syscall: the calling thread only. */
    void setresgid(int rgid, int egid, int sgid) throws SyscallException;

    /** setgroups(2) as a raw syscall: the calling thread only. */
    void setgroups(int[] groups) throws SyscallException;

    /**
     * prlimit(2) on another process: sets resource {@code resource} (an {@code RLIMIT_*} number, the
     * same on x86_64 and aarch64) to {@code soft}/{@code hard}; -1 is RLIM_INFINITY.
     */
    void prlimit(int pid, int resource, long soft, long hard) throws SyscallException;

    /** capset(2), version 3 (64-bit sets), for the calling thread. */
    void capset(long effective, long permitted, long inheritable) throws SyscallException;

    /**
     * seccomp(SECCOMP_SET_MODE_FILTER, 0, prog): installs a classic BPF filter on the calling thread
     * (inherited by its children; not TSYNC, so the rest of the JVM is untouched). Each instruction
     * is {@code struct sock_filter} packed in a long: code (bits 48-63), jt (40-47), jf (32-39), k (0-31).
     */
    void seccompFilter(long[] program) throws SyscallException;

    /**
     * bpf(BPF_PROG_LOAD): hands an eBPF program of type {@code progType} ({@link Bpf}) to the kernel's
     * verifier and returns the descriptor that names it (O_CLOEXEC). {@code name} shows in bpftool (up
     * to 15 letters, digits, {@code _} and {@code .}); {@code license} matters only to GPL-only helpers.
     * Each instruction is {@code struct bpf_insn} as the little-endian u64 that x86_64 and aarch64 store:
     * code (bits 0-7), dst_reg (8-11), src_reg (12-15), off (16-31), imm (32-63). When the verifier
     * refuses the program, the error ends with the last lines of its log, which say why. Needs
     * CAP_SYS_ADMIN (or CAP_BPF) in the initial user namespace.
     */
    int bpfProgLoad(int progType, String name, long[] instructions, String license) throws SyscallException;

    /**
     * bpf(BPF_PROG_ATTACH): attaches loaded program {@code progFd} to the cgroup v2 directory open as
     * {@code targetFd}, at hook {@code attachType} with {@code flags} ({@link Bpf#BPF_F_ALLOW_MULTI}).
     * The attachment holds the program until the cgroup is removed: its descriptor may be closed.
     */
    void bpfProgAttach(int targetFd, int progFd, int attachType, int flags) throws SyscallException;
}
