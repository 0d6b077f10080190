package dev.jrun.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Direct JNA mapping of the C library functions jrun calls. Direct mapping (static natives bound
 * by {@link Native#register}) skips JNA's reflection and proxy path on every call. Only
 * {@link LinuxSyscalls} uses this class; everything else goes through {@link Syscalls}.
 */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {}

    static native int unshare(int flags);
    static native int setns(int fd, int nstype);
    static native int mount(String source, String target, String fstype, long flags, String data);
    static native int umount2(String target, int flags);
    static native int sethostname(String name, long length);
    static native int chdir(String path);
    static native int mkdir(String path, int mode);
    static native int chmod(String path, int mode);
    static native int symlink(String target, String linkPath);
    static native int mkfifo(String path, int mode);
    static native int open(String path, int flags, int mode);
    static native int openat(int dirFd, String path, int flags, int mode);
    static native int close(int fd);

    static native int dup3(int oldFd, int newFd, int flags);
    static native int mkdirat(int dirFd, String name, int mode);
    static native int mknodat(int dirFd, String name, int mode, long dev);
    static native int symlinkat(String target, int dirFd, String name);
    static native int linkat(int oldDirFd, String oldName, int newDirFd, String newName, int flags);
    static native int unlinkat(int dirFd, String name, int flags);
    static native long readlinkat(int dirFd, String name, byte[] buffer, long size);
    static native int fchownat(int dirFd, String name, int uid, int gid, int flags);
    static native int fchmod(int fd, int mode);
    static native int utimensat(int dirFd, String name, long[] times, int flags);
    static native int futimens(int fd, long[] times);
    static native int fsetxattr(int fd, String name, byte[] value, long size, int flags);
    static native long llistxattr(String path, byte[] list, long size);
    static native long lgetxattr(String path, String name, byte[] value, long size);
    static native int statfs(String path, Pointer buffer);

    static native int statx(int dirFd, String path, int flags, int mask, Pointer buffer);
    static native long getdents64(int fd, Pointer buffer, long size);
    static native int socket(int domain, int type, int protocol);
    static native int ioctl(int fd, long request, Pointer argument);
    static native int connect(int fd, Pointer address, int length);
    static native long read(int fd, byte[] buffer, long count);
    static native long sendmsg(int fd, Pointer message, int flags);
    static native int poll(Pointer fds, long count, int timeoutMillis);
    static native int geteuid();
    static native int waitpid(int pid, Pointer status, int options);
    static native int kill(int pid, int signal);
    static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);
    static native long syscall(long number, long a1, long a2, long a3, long a4, long a5);
    static native String strerror(int errno);

    static native Pointer calloc(long count, long size);
    static native void free(Pointer memory);

    static native int posix_spawn(Pointer pid, String path, Pointer fileActions, Pointer attributes,
                                  Pointer argv, Pointer envp);
    static native int posix_spawn_file_actions_init(Pointer actions);
    static native int posix_spawn_file_actions_destroy(Pointer actions);
    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);
    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);
    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);
    static native int posix_spawn_file_actions_addfchdir_np(Pointer actions, int fd);
    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int lowFd);
    static native int posix_spawnattr_init(Pointer attributes);
    static native int posix_spawnattr_destroy(Pointer attributes);
    static native int posix_spawnattr_setflags(Pointer attributes, short flags);
    static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer set);
    static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer set);
    static native int sigemptyset(Pointer set);
    static native int sigfillset(Pointer set);
    static native int sigaddset(Pointer set, int signal);
    static native int signalfd(int fd, Pointer mask, int flags);
    static native long read(int fd, Pointer buffer, long count);
    static native long write(int fd, byte[] buffer, long count);
    static native long pwrite(int fd, java.nio.Buffer buffer, long count, long offset);
    static native int ftruncate(int fd, long length);
    static native int pipe2(int[] fds, int flags);
}
