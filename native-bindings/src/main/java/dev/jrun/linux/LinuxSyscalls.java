package dev.jrun.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link Syscalls} on the real kernel, through {@link LibC}. Failures become
 * {@link SyscallException}s; with a {@link SyscallTrace} every call is reported as it returns.
 */
public final class LinuxSyscalls implements Syscalls {
    static final Arch.Numbers NR = Arch.current().numbers();
    /** sigset_t of glibc: 1024 bits on every architecture. */
    static final int SIZEOF_SIGSET = 128;
    /** struct signalfd_siginfo from {@code <sys/signalfd.h>}: 128 bytes on every architecture. */
    private static final int SIZEOF_SIGNALFD_SIGINFO = 128;
    /** From {@code <linux/sockios.h>} and {@code <net/if.h>}; the same on x86_64 and aarch64. */
    private static final long SIOCGIFFLAGS = 0x8913;
    /** Terminal ioctls; the generic numbering that x86_64 and aarch64 share. */
    private static final long TIOCSPTLCK = 0x40045431;
    private static final long TIOCGPTN = 0x80045430L;
    private static final long TIOCSWINSZ = 0x5414;
    private static final long TIOCGWINSZ = 0x5413;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final long SIOCSIFFLAGS = 0x8914;
    /** {@code <linux/netlink.h>}, {@code <linux/rtnetlink.h>}, {@code <linux/if_link.h>}. */
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int NETLINK_ROUTE = 0;
    private static final short RTM_DELLINK = 17;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_ACK = 0x4;
    private static final short NLMSG_ERROR = 0x2;
    private static final short IFLA_IFNAME = 3;
    /** struct nlmsghdr and struct ifinfomsg: 16 bytes each. */
    private static final int NLMSG_HDRLEN = 16;
    private static final int IFINFOMSG_LEN = 16;
    private static final short IFF_UP = 0x1;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int EINTR = 4;
    private static final int POLLIN = 1;
    /** struct pollfd: int fd; short events; short revents. */
    private static final int SIZEOF_POLLFD = 8;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    /** struct open_how: u64 flags, u64 mode, u64 resolve. */
    private static final int SIZEOF_OPEN_HOW = 24;
    private static final int SIZEOF_MOUNT_ATTR = 32;
    private static final int SIZEOF_STATX = 256;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int DIRENT_BUFFER = 32 * 1024;
    private static final int PATH_MAX = 4096;
    /** The kernel's limits on a listxattr list and on one value ({@code <linux/limits.h>}). */
    private static final int XATTR_LIST_MAX = 65536;
    private static final int XATTR_SIZE_MAX = 65536;

    private final SyscallTrace trace;

    /** Real calls, no tracing. */
    public LinuxSyscalls() {
        this(null);
    }

    /** Real calls, each reported to {@code trace} (may be null). */
    public LinuxSyscalls(SyscallTrace trace) {
        this.trace = trace;
    }

    /**
     * Loads and links everything a launch thread touches after pivot_root, while class files and
     * libraries are still reachable (launch.md: after pivot_root, paths resolve in the container).
     */
    public static void preload() {
        ErrnoText.of(Errno.ENOENT);
        new SyscallException("preload", "", Errno.ENOENT).getMessage();
        Signals.name(Signals.SIGTERM);
        new WaitStatus(0).toString();
        // PathMasks stats inside the container's mount namespace, where ENOENT is the usual answer
        new FileStat(0, 0, 0, 0, 0, 0).isDirectory();
        At.AT_NAMES.render(At.AT_SYMLINK_NOFOLLOW);
    }

    @Override
    public void unshare(int flags) throws SyscallException {
        check("unshare", LibC.unshare(flags), () -> Clone.NAMES.render(flags));
    }

    @Override
    public void setns(int fd, int nstype) throws SyscallException {
        check("setns", LibC.setns(fd, nstype), () -> fd + ", " + Clone.NAMES.render(nstype));
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data)
            throws SyscallException {
        check("mount", LibC.mount(source, target, fstype, flags, data),
                () -> q(source) + ", " + q(target) + ", " + q(fstype) + ", " + Mount.MS_NAMES.render(flags)
                        + ", " + q(data));
    }

    @Override
    public void umount2(String target, int flags) throws SyscallException {
        check("umount2", LibC.umount2(target, flags), () -> q(target) + ", " + Mount.MNT_NAMES.render(flags));
    }

    @Override
    public void pivotRoot(String newRoot, String putOld) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            long ret = LibC.syscall(NR.pivot_root(), address(m.string(newRoot)), address(m.string(putOld)), 0, 0, 0);
            check("pivot_root", (int) ret, () -> q(newRoot) + ", " + q(putOld));
        }
    }

    @Override
    public void sethostname(String name) throws SyscallException {
        check("sethostname", LibC.sethostname(name, name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                () -> q(name));
    }

    @Override
    public void chdir(String path) throws SyscallException {
        check("chdir", LibC.chdir(path), () -> q(path));
    }

    @Override
    public void mkdir(String path, int mode) throws SyscallException {
        check("mkdir", LibC.mkdir(path, mode), () -> q(path) + ", " + octal(mode));
    }

    @Override
    public void chmod(String path, int mode) throws SyscallException {
        check("chmod", LibC.chmod(path, mode), () -> q(path) + ", " + octal(mode));
    }

    @Override
    public void symlink(String target, String linkPath) throws SyscallException {
        check("symlink", LibC.symlink(target, linkPath), () -> q(target) + ", " + q(linkPath));
    }

    @Override
    public void mkfifo(String path, int mode) throws SyscallException {
        check("mkfifo", LibC.mkfifo(path, mode), () -> q(path) + ", " + octal(mode));
    }

    @Override
    public int open(String path, int flags, int mode) throws SyscallException {
        return check("open", LibC.open(path, flags, mode), () -> q(path) + ", " + OpenFlags.render(flags));
    }

    @Override
    public int openat(int dirFd, String path, int flags, int mode) throws SyscallException {
        return check("openat", LibC.openat(dirFd, path, flags, mode),
                () -> dirFd + ", " + q(path) + ", " + OpenFlags.render(flags));
    }

    @Override
    public void close(int fd) throws SyscallException {
        check("close", LibC.close(fd), () -> Integer.toString(fd));
    }

    @Override
    public void dup3(int oldFd, int newFd, int flags) throws SyscallException {
        check("dup3", LibC.dup3(oldFd, newFd, flags), () -> oldFd + ", " + newFd + ", "
                + (flags == OpenFlags.O_CLOEXEC ? "O_CLOEXEC" : OpenFlags.render(flags)));
    }

    @Override
    public int openat2(int dirFd, String path, int flags, int mode, long resolve) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer how = m.allocate(SIZEOF_OPEN_HOW);
            how.setLong(0, flags & 0xffffffffL);
            how.setLong(8, mode);
            how.setLong(16, resolve);
            long ret = LibC.syscall(NR.openat2(), dirFd, address(m.string(path)), address(how), SIZEOF_OPEN_HOW, 0);
            return check("openat2", (int) ret, () -> dirFd + ", " + q(path) + ", {" + OpenFlags.render(flags)
                    + ", " + octal(mode) + ", " + At.RESOLVE_NAMES.render(resolve) + "}");
        }
    }

    @Override
    public void mkdirat(int dirFd, String name, int mode) throws SyscallException {
        check("mkdirat", LibC.mkdirat(dirFd, name, mode), () -> dirFd + ", " + q(name) + ", " + octal(mode));
    }

    private static String nodeType(int mode) {
        return switch (mode & FileStat.S_IFMT) {
            case FileStat.S_IFCHR -> "S_IFCHR";
            case FileStat.S_IFBLK -> "S_IFBLK";
            case FileStat.S_IFIFO -> "S_IFIFO";
            case FileStat.S_IFREG -> "S_IFREG";
            default -> "0" + Integer.toOctalString(mode & FileStat.S_IFMT);
        };
    }

    @Override
    public void mknodat(int dirFd, String name, int mode, int major, int minor) throws SyscallException {
        check("mknodat", LibC.mknodat(dirFd, name, mode, makedev(major, minor)),
                () -> (dirFd == At.AT_FDCWD ? "AT_FDCWD" : Integer.toString(dirFd)) + ", " + q(name) + ", "
                        + nodeType(mode) + "|" + octal(mode & 07777) + ", makedev(" + major + ", " + minor + ")");
    }

    @Override
    public void symlinkat(String target, int dirFd, String name) throws SyscallException {
        check("symlinkat", LibC.symlinkat(target, dirFd, name), () -> q(target) + ", " + dirFd + ", " + q(name));
    }

    @Override
    public void linkat(int oldDirFd, String oldName, int newDirFd, String newName) throws SyscallException {
        check("linkat", LibC.linkat(oldDirFd, oldName, newDirFd, newName, 0),
                () -> oldDirFd + ", " + q(oldName) + ", " + newDirFd + ", " + q(newName) + ", 0");
    }

    @Override
    public String readlinkat(int dirFd, String name) throws SyscallException {
        byte[] buffer = new byte[PATH_MAX];
        long n = LibC.readlinkat(dirFd, name, buffer, buffer.length);
        check("readlinkat", (int) n, () -> dirFd + ", " + q(name) + ", buffer, " + PATH_MAX);
        return new String(buffer, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void unlinkat(int dirFd, String name, int flags) throws SyscallException {
        check("unlinkat", LibC.unlinkat(dirFd, name, flags),
                () -> dirFd + ", " + q(name) + ", " + At.AT_NAMES.render(flags));
    }

    @Override
    public void fchownat(int dirFd, String name, int uid, int gid, int flags) throws SyscallException {
        check("fchownat", LibC.fchownat(dirFd, name, uid, gid, flags),
                () -> dirFd + ", " + q(name) + ", " + Integer.toUnsignedString(uid) + ", "
                        + Integer.toUnsignedString(gid) + ", " + At.AT_NAMES.render(flags));
    }

    @Override
    public void fchmod(int fd, int mode) throws SyscallException {
        check("fchmod", LibC.fchmod(fd, mode), () -> fd + ", " + octal(mode));
    }

    @Override
    public void utimensat(int dirFd, String name, long seconds, int nanos, int flags) throws SyscallException {
        long[] times = {seconds, nanos, seconds, nanos};
        // glibc refuses a NULL name; futimens is the same system call on the descriptor itself
        int ret = name == null ? LibC.futimens(dirFd, times) : LibC.utimensat(dirFd, name, times, flags);
        check(name == null ? "futimens" : "utimensat", ret,
                () -> dirFd + ", " + q(name) + ", " + seconds + "." + nanos + ", " + At.AT_NAMES.render(flags));
    }

    @Override
    public void fsetxattr(int fd, String name, byte[] value) throws SyscallException {
        check("fsetxattr", LibC.fsetxattr(fd, name, value, value.length, 0),
                () -> fd + ", " + q(name) + ", " + value.length + " bytes, 0");
    }

    @Override
    public java.util.Map<String, byte[]> lgetxattrs(String path) throws SyscallException {
        java.util.Map<String, byte[]> xattrs = new java.util.LinkedHashMap<>();
        byte[] names = new byte[XATTR_LIST_MAX];
        long n = LibC.llistxattr(path, names, names.length);
        check("llistxattr", (int) n, () -> q(path) + ", list, " + XATTR_LIST_MAX);
        byte[] value = new byte[XATTR_SIZE_MAX];
        // the list is NUL-terminated names, one after another
        for (int start = 0, end; start < n; start = end + 1) {
            end = start;
            while (names[end] != 0) {
                end++;
            }
            String name = new String(names, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
            long size = LibC.lgetxattr(path, name, value, value.length);
            check("lgetxattr", (int) size, () -> q(path) + ", " + q(name) + ", value, " + XATTR_SIZE_MAX);
            xattrs.put(name, Arrays.copyOf(value, (int) size));
        }
        return xattrs;
    }

    /** ST_RDONLY, ST_NOSUID, ST_NODEV, ST_NOEXEC, ST_NOATIME and ST_NODIRATIME equal their MS_ twins; this one does not. */
    private static final long ST_RELATIME = 0x1000;
    private static final int SIZEOF_STATFS = 120;

    @Override
    public FileStat statx(int dirFd, String path, int flags) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer buf = m.allocate(SIZEOF_STATX);
            check("statx", LibC.statx(dirFd, path, flags, STATX_BASIC_STATS, buf),
                    () -> dirFd + ", " + q(path) + ", " + At.AT_NAMES.render(flags) + ", STATX_BASIC_STATS");
            // struct statx from <linux/stat.h>: the same layout on every architecture.
            return new FileStat(buf.getShort(28) & 0xffff, buf.getInt(20), buf.getInt(24), buf.getLong(40),
                    buf.getLong(32), buf.getInt(16));
        }
    }

    @Override
    public long mountFlags(String path) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer buf = m.allocate(SIZEOF_STATFS);
            check("statfs", LibC.statfs(path, buf), () -> q(path));
            // struct statfs on 64-bit Linux (x86_64 and the generic layout of aarch64): f_flags at 80
            long st = buf.getLong(80);
            return (st & (Mount.MS_RDONLY | Mount.MS_NOSUID | Mount.MS_NODEV | Mount.MS_NOEXEC | Mount.MS_NOATIME
                    | Mount.MS_NODIRATIME))
                    | ((st & ST_RELATIME) != 0 ? Mount.MS_RELATIME : 0);
        }
    }

    @Override
    public java.util.List<String> readDirectory(int dirFd) throws SyscallException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (NativeMemory m = new NativeMemory()) {
            Pointer buf = m.allocate(DIRENT_BUFFER);
            while (true) {
                long n = LibC.getdents64(dirFd, buf, DIRENT_BUFFER);
                check("getdents64", (int) Math.min(n, Integer.MAX_VALUE), () -> dirFd + ", buffer, " + DIRENT_BUFFER);
                if (n == 0) {
                    return names;
                }
                // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[].
                for (long at = 0; at < n; at += buf.getShort(at + 16) & 0xffff) {
                    String name = buf.getString(at + 19, "UTF-8");
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                }
            }
        }
    }

    @Override
    public void pwriteFully(int fd, java.nio.ByteBuffer buffer, int length, long offset) throws SyscallException {
        int done = 0;
        while (done < length) {
            int from = done;
            long n = LibC.pwrite(fd, buffer.slice(from, length - from), length - from, offset + from);
            if (n < 0 && Native.getLastError() == EINTR) {
                continue;
            }
            check("pwrite", (int) n, () -> fd + ", buffer+" + from + ", " + (length - from) + ", " + (offset + from));
            done += (int) n;
        }
    }

    @Override
    public void ftruncate(int fd, long length) throws SyscallException {
        check("ftruncate", LibC.ftruncate(fd, length), () -> fd + ", " + length);
    }

    @Override
    public int fsopen(String fsName, int flags) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            long ret = LibC.syscall(NR.fsopen(), address(m.string(fsName)), flags, 0, 0, 0);
            return check("fsopen", (int) ret,
                    () -> q(fsName) + ", " + (flags == Mount.FSOPEN_CLOEXEC ? "FSOPEN_CLOEXEC" : "0"));
        }
    }

    @Override
    public void fsconfigSetFd(int fsFd, String key, int fd) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            long ret = LibC.syscall(NR.fsconfig(), fsFd, Mount.FSCONFIG_SET_FD, address(m.string(key)), 0, fd);
            check("fsconfig", (int) ret, () -> fsFd + ", FSCONFIG_SET_FD, " + q(key) + ", NULL, " + fd);
        }
    }

    @Override
    public void fsconfigCreate(int fsFd) throws SyscallException {
        long ret = LibC.syscall(NR.fsconfig(), fsFd, Mount.FSCONFIG_CMD_CREATE, 0, 0, 0);
        check("fsconfig", (int) ret, () -> fsFd + ", FSCONFIG_CMD_CREATE, NULL, NULL, 0");
    }

    @Override
    public int fsmount(int fsFd, int flags, int attributes) throws SyscallException {
        long ret = LibC.syscall(NR.fsmount(), fsFd, flags, attributes, 0, 0);
        return check("fsmount", (int) ret, () -> fsFd + ", "
                + (flags == Mount.FSMOUNT_CLOEXEC ? "FSMOUNT_CLOEXEC" : "0") + ", "
                + Mount.MOUNT_ATTR_NAMES.render(attributes));
    }

    @Override
    public void mountSetattr(String path, int flags, long attrSet) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer attr = m.allocate(SIZEOF_MOUNT_ATTR); // struct mount_attr: attr_set, attr_clr, propagation, userns_fd
            attr.setLong(0, attrSet);
            long ret = LibC.syscall(NR.mount_setattr(), At.AT_FDCWD, address(m.string(path)), flags, address(attr),
                    SIZEOF_MOUNT_ATTR);
            check("mount_setattr", (int) ret, () -> "AT_FDCWD, " + q(path) + ", " + Mount.OPEN_TREE_NAMES.render(flags)
                    + ", {attr_set=" + Mount.MOUNT_ATTR_NAMES.render((int) attrSet) + "}");
        }
    }

    @Override
    public int openTree(int dirFd, String path, int flags) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            long ret = LibC.syscall(NR.open_tree(), dirFd, address(m.string(path)), flags, 0, 0);
            return check("open_tree", (int) ret, () -> dirFd + ", " + q(path) + ", "
                    + Mount.OPEN_TREE_NAMES.render(flags));
        }
    }

    @Override
    public void moveMount(int fromFd, String toPath) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            long ret = LibC.syscall(NR.move_mount(), fromFd, address(m.string("")), OpenFlags.AT_FDCWD,
                    address(m.string(toPath)), Mount.MOVE_MOUNT_F_EMPTY_PATH);
            check("move_mount", (int) ret,
                    () -> fromFd + ", \"\", AT_FDCWD, " + q(toPath) + ", MOVE_MOUNT_F_EMPTY_PATH");
        }
    }

    @Override
    public int ptyUnlock(int masterFd) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer number = m.allocate(4); // zeroed: 0 unlocks
            check("ioctl", LibC.ioctl(masterFd, TIOCSPTLCK, number), () -> masterFd + ", TIOCSPTLCK, 0");
            check("ioctl", LibC.ioctl(masterFd, TIOCGPTN, number), () -> masterFd + ", TIOCGPTN");
            return number.getInt(0);
        }
    }

    @Override
    public int[] windowSize(int fd) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer size = m.allocate(8);
            check("ioctl", LibC.ioctl(fd, TIOCGWINSZ, size), () -> fd + ", TIOCGWINSZ");
            return new int[] {size.getShort(0) & 0xffff, size.getShort(2) & 0xffff};
        }
    }

    @Override
    public int read(int fd, byte[] buffer) throws SyscallException {
        while (true) {
            long n = LibC.read(fd, buffer, buffer.length);
            if (n >= 0 || Native.getLastError() != EINTR) {
                return check("read", (int) n, () -> fd + ", " + buffer.length);
            }
        }
    }

    @Override
    public void write(int fd, byte[] data, int length) throws SyscallException {
        byte[] rest = data;
        int left = length;
        while (left > 0) {
            long n = LibC.write(fd, rest, left);
            if (n < 0 && Native.getLastError() == EINTR) {
                continue;
            }
            int written = check("write", (int) n, () -> fd + ", " + length);
            rest = java.util.Arrays.copyOfRange(rest, written, left);
            left -= written;
        }
    }

    @Override
    public void setWindowSize(int fd, int rows, int columns) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer size = m.allocate(8); // struct winsize: rows, columns, then pixels (unused)
            size.setShort(0, (short) rows);
            size.setShort(2, (short) columns);
            check("ioctl", LibC.ioctl(fd, TIOCSWINSZ, size), () -> fd + ", TIOCSWINSZ, {" + rows + ", " + columns + "}");
        }
    }

    @Override
    public void sendFd(String socketPath, int fd, String name) throws SyscallException {
        int sock = check("socket", LibC.socket(AF_UNIX, SOCK_STREAM | OpenFlags.O_CLOEXEC, 0),
                () -> "AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0");
        try (NativeMemory m = new NativeMemory()) {
            byte[] path = socketPath.getBytes(StandardCharsets.UTF_8);
            if (path.length >= 108) {
                throw new SyscallException("connect", q(socketPath), Errno.ENAMETOOLONG);
            }
            Pointer address = m.allocate(110); // struct sockaddr_un: family, then a 108-byte path
            address.setShort(0, (short) AF_UNIX);
            address.write(2, path, 0, path.length);
            check("connect", LibC.connect(sock, address, 110), () -> sock + ", {AF_UNIX, " + q(socketPath) + "}");
            byte[] text = name.getBytes(StandardCharsets.UTF_8);
            Pointer data = m.allocate(text.length);
            data.write(0, text, 0, text.length);
            Pointer iov = m.allocate(16); // struct iovec: base, length
            iov.setPointer(0, data);
            iov.setLong(8, text.length);
            Pointer control = m.allocate(24); // CMSG_SPACE(sizeof(int)): cmsghdr {len, level, type}, the fd
            control.setLong(0, 20); // CMSG_LEN(sizeof(int))
            control.setInt(8, SOL_SOCKET);
            control.setInt(12, SCM_RIGHTS);
            control.setInt(16, fd);
            Pointer message = m.allocate(56); // struct msghdr on LP64
            message.setPointer(16, iov);
            message.setLong(24, 1);
            message.setPointer(32, control);
            message.setLong(40, 24);
            check("sendmsg", (int) LibC.sendmsg(sock, message, 0),
                    () -> sock + ", {" + q(name) + ", SCM_RIGHTS [" + fd + "]}, 0");
        } finally {
            close(sock);
        }
    }

    @Override
    public void interfaceUp(String name) throws SyscallException {
        int sock = check("socket", LibC.socket(AF_INET, SOCK_DGRAM | OpenFlags.O_CLOEXEC, 0),
                () -> "AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, 0");
        try (NativeMemory m = new NativeMemory()) {
            Pointer ifreq = m.allocate(40);
            ifreq.setString(0, name, "UTF-8");
            check("ioctl", LibC.ioctl(sock, SIOCGIFFLAGS, ifreq), () -> sock + ", SIOCGIFFLAGS, " + q(name));
            ifreq.setShort(16, (short) (ifreq.getShort(16) | IFF_UP));
            check("ioctl", LibC.ioctl(sock, SIOCSIFFLAGS, ifreq), () -> sock + ", SIOCSIFFLAGS, " + q(name) + " IFF_UP");
        } finally {
            close(sock);
        }
    }

    @Override
    public void deleteLink(String name) throws SyscallException {
        byte[] ifname = (name + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int attribute = 4 + ifname.length;
        int length = NLMSG_HDRLEN + IFINFOMSG_LEN + (attribute + 3 & ~3);
        java.nio.ByteBuffer request = java.nio.ByteBuffer.allocate(length).order(java.nio.ByteOrder.nativeOrder())
                .putInt(length).putShort(RTM_DELLINK).putShort((short) (NLM_F_REQUEST | NLM_F_ACK)).putInt(1).putInt(0)
                .put(new byte[IFINFOMSG_LEN]) // any family, index 0: the device is named by its attribute
                .putShort((short) attribute).putShort(IFLA_IFNAME).put(ifname);
        Args args = () -> "RTM_DELLINK, IFLA_IFNAME " + q(name);
        int sock = check("socket", LibC.socket(AF_NETLINK, SOCK_RAW | OpenFlags.O_CLOEXEC, NETLINK_ROUTE),
                () -> "AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE");
        try {
            // unconnected, a netlink socket writes to the kernel
            check("write", (int) LibC.write(sock, request.array(), length), args);
            byte[] reply = new byte[NLMSG_HDRLEN + 4 + NLMSG_HDRLEN + IFINFOMSG_LEN + 64];
            int n = read(sock, reply);
            java.nio.ByteBuffer answer = java.nio.ByteBuffer.wrap(reply, 0, n).order(java.nio.ByteOrder.nativeOrder());
            int error = n >= NLMSG_HDRLEN + 4 && answer.getShort(4) == NLMSG_ERROR ? answer.getInt(NLMSG_HDRLEN) : 1;
            if (error != 0) {
                fail("netlink", args, error < 0 ? -error : Errno.EIO, error > 0 ? "no ack in the kernel's reply" : null);
            }
            if (trace != null) {
                trace.called("netlink", args.render(), "0");
            }
        } finally {
            close(sock);
        }
    }

    @Override
    public int gettid() {
        return (int) LibC.syscall(NR.gettid(), 0, 0, 0, 0, 0);
    }

    @Override
    public int geteuid() {
        return LibC.geteuid();
    }

    @Override
    public PreparedSpawn prepareSpawn(SpawnRequest request) throws SyscallException {
        return NativeSpawn.prepare(request, this);
    }

    @Override
    public int spawn(PreparedSpawn spawn) throws SyscallException {
        NativeSpawn prepared = (NativeSpawn) spawn;
        int err = prepared.spawn();
        SpawnRequest r = prepared.request();
        Args args = () -> q(r.path()) + ", " + r.argv() + ", actions=" + r.actions() + ", "
                + SpawnRequest.FLAG_NAMES.render(r.flags()) + ", env=" + r.env().size() + " vars";
        if (err != 0) {
            fail("posix_spawn", args, err);
        }
        return check("posix_spawn", prepared.pid(), args);
    }

    /** Reports an error code returned (not set in errno) by a posix_spawn* function. */
    void checkReturned(String call, int err, Args args) throws SyscallException {
        if (err != 0) {
            fail(call, args, err);
        }
    }

    @Override
    public WaitStatus waitpid(int pid, int options) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer status = m.allocate(4);
            while (true) {
                int ret = LibC.waitpid(pid, status, options);
                if (ret >= 0 || Native.getLastError() != EINTR) {
                    check("waitpid", ret, () -> pid + ", " + options);
                    return new WaitStatus(ret == 0 ? -1 : status.getInt(0));
                }
            }
        }
    }

    @Override
    public Reaped waitAnyChild() throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer status = m.allocate(4);
            while (true) {
                int ret = LibC.waitpid(-1, status, 0);
                if (ret >= 0 || Native.getLastError() != EINTR) {
                    check("waitpid", ret, () -> "-1, 0");
                    return new Reaped(ret, new WaitStatus(status.getInt(0)));
                }
            }
        }
    }

    @Override
    public void kill(int pid, int signal) throws SyscallException {
        check("kill", LibC.kill(pid, signal), () -> pid + ", " + Signals.name(signal));
    }

    @Override
    public int pidfdOpen(int pid) throws SyscallException {
        return check("pidfd_open", (int) LibC.syscall(NR.pidfd_open(), pid, 0, 0, 0, 0), () -> pid + ", 0");
    }

    @Override
    public void pidfdSendSignal(int pidFd, int signal) throws SyscallException {
        check("pidfd_send_signal", (int) LibC.syscall(NR.pidfd_send_signal(), pidFd, signal, 0, 0, 0),
                () -> pidFd + ", " + Signals.name(signal) + ", NULL, 0");
    }

    @Override
    public int pollIn(int[] fds, int timeoutMillis) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer pollfds = m.allocate(SIZEOF_POLLFD * (long) fds.length);
            for (int i = 0; i < fds.length; i++) {
                pollfds.setInt((long) i * SIZEOF_POLLFD, fds[i]);
                pollfds.setShort((long) i * SIZEOF_POLLFD + 4, (short) POLLIN);
            }
            while (true) {
                int ret = LibC.poll(pollfds, fds.length, timeoutMillis);
                if (ret >= 0 || Native.getLastError() != EINTR) {
                    check("poll", ret, () -> Arrays.toString(fds) + " POLLIN, " + timeoutMillis);
                    for (int i = 0; i < fds.length; i++) {
                        if (pollfds.getShort((long) i * SIZEOF_POLLFD + 6) != 0) {
                            return i;
                        }
                    }
                    return -1;
                }
            }
        }
    }

    @Override
    public int[] pipe() throws SyscallException {
        int[] fds = new int[2];
        check("pipe2", LibC.pipe2(fds, OpenFlags.O_CLOEXEC), () -> "fds, O_CLOEXEC");
        return fds;
    }

    @Override
    public void write(int fd, byte[] data) throws SyscallException {
        check("write", (int) LibC.write(fd, data, data.length), () -> fd + ", " + data.length + " bytes");
    }

    @Override
    public int signalfd(int[] signals) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer mask = m.allocate(SIZEOF_SIGSET);
            LibC.sigemptyset(mask);
            for (int signal : signals) {
                LibC.sigaddset(mask, signal);
            }
            return check("signalfd", LibC.signalfd(-1, mask, OpenFlags.O_CLOEXEC), () -> "-1, "
                    + Arrays.stream(signals).mapToObj(Signals::name).toList() + ", SFD_CLOEXEC");
        }
    }

    @Override
    public int readSignal(int signalFd) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer info = m.allocate(SIZEOF_SIGNALFD_SIGINFO);
            while (true) {
                long n = LibC.read(signalFd, info, SIZEOF_SIGNALFD_SIGINFO);
                if (n >= 0 || Native.getLastError() != EINTR) {
                    check("read", (int) n, () -> signalFd + ", signalfd_siginfo, " + SIZEOF_SIGNALFD_SIGINFO);
                    return info.getInt(0); // ssi_signo is the first field
                }
            }
        }
    }

    @Override
    public int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws SyscallException {
        return check("prctl", LibC.prctl(option, arg2, arg3, arg4, arg5),
                () -> Prctl.NAMES.renderValue(option) + ", " + switch (option) {
                    case Prctl.PR_CAPBSET_DROP -> Capability.name((int) arg2) + ", " + arg3;
                    case Prctl.PR_CAP_AMBIENT -> (arg2 == Prctl.PR_CAP_AMBIENT_RAISE ? "PR_CAP_AMBIENT_RAISE" : arg2)
                            + ", " + Capability.name((int) arg3);
                    default -> arg2 + ", " + arg3;
                } + ", " + arg4 + ", " + arg5);
    }

    @Override
    public void setresuid(int ruid, int euid, int suid) throws SyscallException {
        check("setresuid", (int) LibC.syscall(NR.setresuid(), ruid, euid, suid, 0, 0),
                () -> ruid + ", " + euid + ", " + suid);
    }

    @Override
    public void setresgid(int rgid, int egid, int sgid) throws SyscallException {
        check("setresgid", (int) LibC.syscall(NR.setresgid(), rgid, egid, sgid, 0, 0),
                () -> rgid + ", " + egid + ", " + sgid);
    }

    @Override
    public void setgroups(int[] groups) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer list = m.allocate(Math.max(1, groups.length) * 4L);
            list.write(0, groups, 0, groups.length);
            check("setgroups", (int) LibC.syscall(NR.setgroups(), groups.length, address(list), 0, 0, 0),
                    () -> groups.length + ", " + Arrays.toString(groups));
        }
    }

    @Override
    public void prlimit(int pid, int resource, long soft, long hard) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer limit = m.allocate(16); // struct rlimit64 { u64 rlim_cur, rlim_max }; ~0 is infinity
            limit.setLong(0, soft);
            limit.setLong(8, hard);
            check("prlimit64", (int) LibC.syscall(NR.prlimit64(), pid, resource, address(limit), 0, 0),
                    () -> pid + ", " + resource + ", {" + soft + ", " + hard + "}, NULL");
        }
    }

    @Override
    public void seccompFilter(long[] program) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer filter = m.allocate(program.length * 8L);
            for (int i = 0; i < program.length; i++) {
                long insn = program[i];
                filter.setShort(i * 8L, (short) (insn >>> 48));
                filter.setByte(i * 8L + 2, (byte) (insn >>> 40));
                filter.setByte(i * 8L + 3, (byte) (insn >>> 32));
                filter.setInt(i * 8L + 4, (int) insn);
            }
            Pointer prog = m.allocate(16); // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            prog.setShort(0, (short) program.length);
            prog.setLong(8, address(filter));
            check("seccomp", (int) LibC.syscall(NR.seccomp(), Seccomp.SECCOMP_SET_MODE_FILTER, 0, address(prog), 0, 0),
                    () -> "SECCOMP_SET_MODE_FILTER, 0, {len=" + program.length + ", filter=...}");
        }
    }

    @Override
    public int bpfProgLoad(int progType, String name, long[] instructions, String license) throws SyscallException {
        return NativeBpf.progLoad(this, progType, name, instructions, license);
    }

    @Override
    public void bpfProgAttach(int targetFd, int progFd, int attachType, int flags) throws SyscallException {
        NativeBpf.progAttach(this, targetFd, progFd, attachType, flags);
    }

    @Override
    public void capset(long effective, long permitted, long inheritable) throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer header = m.allocate(8);
            header.setInt(0, LINUX_CAPABILITY_VERSION_3);
            Pointer data = m.allocate(24);
            int[] words = {(int) effective, (int) permitted, (int) inheritable,
                (int) (effective >>> 32), (int) (permitted >>> 32), (int) (inheritable >>> 32)};
            data.write(0, words, 0, words.length);
            check("capset", (int) LibC.syscall(NR.capset(), address(header), address(data), 0, 0, 0),
                    () -> "{_LINUX_CAPABILITY_VERSION_3, 0}, {effective=0x" + Long.toHexString(effective)
                            + ", permitted=0x" + Long.toHexString(permitted)
                            + ", inheritable=0x" + Long.toHexString(inheritable) + "}");
        }
    }

    /** Renders a call's arguments only when an error or a trace needs them. */
    @FunctionalInterface
    interface Args {
        String render();
    }

    int check(String call, int ret, Args args) throws SyscallException {
        if (ret < 0) {
            fail(call, args, Native.getLastError());
        }
        if (trace != null) {
            trace.called(call, args.render(), Integer.toString(ret));
        }
        return ret;
    }

    private void fail(String call, Args args, int errno) throws SyscallException {
        fail(call, args, errno, null);
    }

    /** Fails with what the kernel said besides errno ({@code detail}, may be null). */
    void fail(String call, Args args, int errno, String detail) throws SyscallException {
        String rendered = args.render();
        if (trace != null) {
            trace.called(call, rendered, "-1 " + Errno.name(errno) + " (" + ErrnoText.of(errno) + ")");
        }
        throw new SyscallException(call, rendered, errno, detail);
    }

    private static long address(Pointer p) {
        return Pointer.nativeValue(p);
    }

    private static long makedev(int major, int minor) {
        long maj = major & 0xffffffffL;
        long min = minor & 0xffffffffL;
        return (min & 0xff) | ((maj & 0xfff) << 8) | ((min & ~0xffL) << 12) | ((maj & ~0xfffL) << 32);
    }

    static String q(String s) {
        return s == null ? "NULL" : "\"" + s + "\"";
    }

    private static String octal(int mode) {
        return "0" + Integer.toOctalString(mode);
    }
}
