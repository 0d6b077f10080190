package dev.jrun.testing;

import dev.jrun.linux.At;
import dev.jrun.linux.Bpf;
import dev.jrun.linux.Clone;
import dev.jrun.linux.FileStat;
import dev.jrun.linux.Mount;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.PreparedSpawn;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.WaitStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Syscalls} that touches nothing and records each call as a line, flags by name, so a test
 * can assert the exact sequence a piece of the runtime makes (youki's recording fake, in Java).
 */
public final class RecordingSyscalls implements Syscalls {
    private final List<String> calls = new ArrayList<>();
    private int nextFd = 10;
    private String failingMount;
    private int failingErrno;

    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Each later mount whose line starts with {@code prefix} is recorded, then fails with {@code errno}. */
    public RecordingSyscalls failingMounts(String prefix, int errno) {
        this.failingMount = prefix;
        this.failingErrno = errno;
        return this;
    }

    private int fd(String call) {
        calls.add(call);
        return nextFd++;
    }

    @Override
    public void unshare(int flags) {
        calls.add("unshare(" + Clone.NAMES.render(flags) + ")");
    }

    @Override
    public void setns(int fd, int nstype) {
        calls.add("setns(" + fd + ", " + Clone.NAMES.render(nstype) + ")");
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) throws SyscallException {
        String call = "mount(" + source + ", " + target + ", " + fstype + ", " + Mount.MS_NAMES.render(flags) + ", "
                + data + ")";
        calls.add(call);
        if (failingMount != null && call.startsWith(failingMount)) {
            throw new SyscallException("mount", call, failingErrno);
        }
    }

    @Override
    public void umount2(String target, int flags) {
        calls.add("umount2(" + target + ", " + Mount.MNT_NAMES.render(flags) + ")");
    }

    @Override
    public void pivotRoot(String newRoot, String putOld) {
        calls.add("pivot_root(" + newRoot + ", " + putOld + ")");
    }

    @Override
    public void sethostname(String name) {
        calls.add("sethostname(" + name + ")");
    }

    @Override
    public void chdir(String path) {
        calls.add("chdir(" + path + ")");
    }

    @Override
    public void mkdir(String path, int mode) {
        calls.add("mkdir(" + path + ", 0" + Integer.toOctalString(mode) + ")");
    }

    @Override
    public void chmod(String path, int mode) {
        calls.add("chmod(" + path + ", 0" + Integer.toOctalString(mode) + ")");
    }

    @Override
    public void symlink(String target, String linkPath) {
        calls.add("symlink(" + target + ", " + linkPath + ")");
    }

    @Override
    public void mkfifo(String path, int mode) {
        calls.add("mkfifo(" + path + ")");
    }

    @Override
    public int open(String path, int flags, int mode) {
        return fd("open(" + path + ", " + OpenFlags.render(flags) + ")");
    }

    @Override
    public int openat(int dirFd, String path, int flags, int mode) {
        return fd("openat(" + dirFd + ", " + path + ", " + OpenFlags.render(flags) + ")");
    }

    @Override
    public void close(int fd) {
        calls.add("close(" + fd + ")");
    }

    @Override
    public void dup3(int oldFd, int newFd, int flags) {
        calls.add("dup3(" + oldFd + ", " + newFd + ", " + OpenFlags.render(flags) + ")");
    }

    @Override
    public int openat2(int dirFd, String path, int flags, int mode, long resolve) {
        return fd("openat2(" + dirFd + ", " + path + ", " + OpenFlags.render(flags) + ", "
                + At.RESOLVE_NAMES.render(resolve) + ")");
    }

    @Override
    public void mkdirat(int dirFd, String name, int mode) {
        calls.add("mkdirat(" + dirFd + ", " + name + ", 0" + Integer.toOctalString(mode) + ")");
    }

    @Override
    public void mknodat(int dirFd, String name, int mode, int major, int minor) {
        calls.add("mknodat(" + dirFd + ", " + name + ", 0" + Integer.toOctalString(mode) + ", " + major + ":" + minor
                + ")");
    }

    @Override
    public void symlinkat(String target, int dirFd, String name) {
        calls.add("symlinkat(" + target + ", " + dirFd + ", " + name + ")");
    }

    @Override
    public void linkat(int oldDirFd, String oldName, int newDirFd, String newName) {
        calls.add("linkat(" + oldDirFd + ", " + oldName + ", " + newDirFd + ", " + newName + ")");
    }

    @Override
    public String readlinkat(int dirFd, String name) {
        calls.add("readlinkat(" + dirFd + ", " + name + ")");
        return "";
    }

    @Override
    public void unlinkat(int dirFd, String name, int flags) {
        calls.add("unlinkat(" + dirFd + ", " + name + ", " + At.AT_NAMES.render(flags) + ")");
    }

    @Override
    public void fchownat(int dirFd, String name, int uid, int gid, int flags) {
        calls.add("fchownat(" + dirFd + ", " + name + ", " + uid + ", " + gid + ")");
    }

    @Override
    public void fchmod(int fd, int mode) {
        calls.add("fchmod(" + fd + ", 0" + Integer.toOctalString(mode) + ")");
    }

    @Override
    public void utimensat(int dirFd, String name, long seconds, int nanos, int flags) {
        calls.add("utimensat(" + dirFd + ", " + name + ", " + seconds + ")");
    }

    @Override
    public void fsetxattr(int fd, String name, byte[] value) {
        calls.add("fsetxattr(" + fd + ", " + name + ")");
    }

    @Override
    public java.util.Map<String, byte[]> lgetxattrs(String path) {
        calls.add("lgetxattrs(" + path + ")");
        return java.util.Map.of();
    }

    @Override
    public FileStat statx(int dirFd, String path, int flags) {
        calls.add("statx(" + dirFd + ", " + path + ")");
        return new FileStat(FileStat.S_IFDIR | 0755, 0, 0, 0, 1, 1);
    }

    @Override
    public long mountFlags(String path) {
        calls.add("statfs(" + path + ")");
        return dev.jrun.linux.Mount.MS_NOSUID | dev.jrun.linux.Mount.MS_NODEV;
    }

    @Override
    public List<String> readDirectory(int dirFd) {
        calls.add("getdents64(" + dirFd + ")");
        return List.of();
    }

    @Override
    public void pwriteFully(int fd, java.nio.ByteBuffer buffer, int length, long offset) {
        calls.add("pwrite(" + fd + ", " + length + ", " + offset + ")");
    }

    @Override
    public void ftruncate(int fd, long length) {
        calls.add("ftruncate(" + fd + ", " + length + ")");
    }

    @Override
    public int fsopen(String fsName, int flags) {
        return fd("fsopen(" + fsName + ")");
    }

    @Override
    public void fsconfigSetFd(int fsFd, String key, int fd) {
        calls.add("fsconfig(" + fsFd + ", " + key + ", " + fd + ")");
    }

    @Override
    public void fsconfigCreate(int fsFd) {
        calls.add("fsconfig(" + fsFd + ", create)");
    }

    @Override
    public int fsmount(int fsFd, int flags, int attributes) {
        return fd("fsmount(" + fsFd + ", " + Mount.MOUNT_ATTR_NAMES.render(attributes) + ")");
    }

    @Override
    public int openTree(int dirFd, String path, int flags) {
        return fd("open_tree(" + path + ")");
    }

    @Override
    public void moveMount(int fromFd, String toPath) {
        calls.add("move_mount(" + fromFd + ", " + toPath + ")");
    }

    @Override
    public void mountSetattr(String path, int flags, long attrSet) {
        calls.add("mount_setattr(" + path + ", " + Mount.OPEN_TREE_NAMES.render(flags) + ", "
                + Mount.MOUNT_ATTR_NAMES.render((int) attrSet) + ")");
    }

    @Override
    public int ptyUnlock(int masterFd) {
        calls.add("ptyUnlock(" + masterFd + ")");
        return 0;
    }

    @Override
    public int[] windowSize(int fd) {
        calls.add("windowSize(" + fd + ")");
        return new int[] {24, 80};
    }

    @Override
    public int read(int fd, byte[] buffer) {
        calls.add("read(" + fd + ")");
        return 0;
    }

    @Override
    public void write(int fd, byte[] data, int length) {
        calls.add("write(" + fd + ", " + length + ")");
    }

    @Override
    public void setWindowSize(int fd, int rows, int columns) {
        calls.add("setWindowSize(" + fd + ", " + rows + ", " + columns + ")");
    }

    @Override
    public void sendFd(String socketPath, int fd, String name) {
        calls.add("sendFd(" + socketPath + ", " + fd + ")");
    }

    @Override
    public void interfaceUp(String name) {
        calls.add("interface_up(" + name + ")");
    }

    @Override
    public void deleteLink(String name) {
        calls.add("delete_link(" + name + ")");
    }

    @Override
    public int gettid() {
        return 1;
    }

    @Override
    public int geteuid() {
        return 0;
    }

    @Override
    public PreparedSpawn prepareSpawn(SpawnRequest request) {
        return new PreparedSpawn() {
            @Override
            public SpawnRequest request() {
                return request;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public int spawn(PreparedSpawn spawn) {
        return fd("posix_spawn(" + spawn.request().path() + ", " + spawn.request().argv() + ", "
                + spawn.request().actions() + ")");
    }

    @Override
    public Reaped waitAnyChild() {
        calls.add("waitpid(-1)");
        return new Reaped(-1, new WaitStatus(0));
    }

    @Override
    public WaitStatus waitpid(int pid, int options) {
        calls.add("waitpid(" + pid + ")");
        return new WaitStatus(0);
    }

    @Override
    public void kill(int pid, int signal) {
        calls.add("kill(" + pid + ", " + signal + ")");
    }

    @Override
    public int pidfdOpen(int pid) {
        return fd("pidfd_open(" + pid + ")");
    }

    @Override
    public void pidfdSendSignal(int pidFd, int signal) {
        calls.add("pidfd_send_signal(" + pidFd + ", " + signal + ")");
    }

    @Override
    public int pollIn(int[] fds, int timeoutMillis) {
        calls.add("poll(" + Arrays.toString(fds) + ")");
        return 0;
    }

    @Override
    public int[] pipe() {
        return new int[] {fd("pipe(read)"), nextFd++};
    }

    @Override
    public void write(int fd, byte[] data) {
        calls.add("write(" + fd + ", " + data.length + ")");
    }

    @Override
    public int signalfd(int[] signals) {
        return fd("signalfd(" + Arrays.toString(signals) + ")");
    }

    @Override
    public int readSignal(int signalFd) {
        calls.add("read(" + signalFd + ")");
        return 15;
    }

    @Override
    public int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        calls.add("prctl(" + dev.jrun.linux.Prctl.NAMES.renderValue(option) + ", "
                + (option == dev.jrun.linux.Prctl.PR_CAPBSET_DROP ? dev.jrun.linux.Capability.name((int) arg2) : arg2)
                + ")");
        return 0;
    }

    @Override
    public void setresuid(int ruid, int euid, int suid) {
        calls.add("setresuid(" + ruid + ", " + euid + ", " + suid + ")");
    }

    @Override
    public void setresgid(int rgid, int egid, int sgid) {
        calls.add("setresgid(" + rgid + ", " + egid + ", " + sgid + ")");
    }

    @Override
    public void setgroups(int[] groups) {
        calls.add("setgroups(" + Arrays.toString(groups) + ")");
    }

    @Override
    public void prlimit(int pid, int resource, long soft, long hard) {
        calls.add("prlimit64(" + pid + ", " + resource + ", " + soft + ", " + hard + ")");
    }

    @Override
    public void seccompFilter(long[] program) {
        calls.add("seccomp(SECCOMP_SET_MODE_FILTER, " + program.length + " instructions)");
    }

    @Override
    public int bpfProgLoad(int progType, String name, long[] instructions, String license) {
        return fd("bpf(BPF_PROG_LOAD, " + Bpf.PROG_TYPE_NAMES.renderValue(progType) + ", " + name + ", "
                + instructions.length + " instructions, " + license + ")");
    }

    @Override
    public void bpfProgAttach(int targetFd, int progFd, int attachType, int flags) {
        calls.add("bpf(BPF_PROG_ATTACH, " + targetFd + ", " + progFd + ", " + Bpf.ATTACH_TYPE_NAMES.renderValue(attachType)
                + ", " + Bpf.ATTACH_FLAG_NAMES.render(flags) + ")");
    }

    @Override
    public void capset(long effective, long permitted, long inheritable) {
        calls.add("capset(effective=0x" + Long.toHexString(effective) + ", permitted=0x" + Long.toHexString(permitted)
                + ", inheritable=0x" + Long.toHexString(inheritable) + ")");
    }
}
