package dev.jrun.layer;

import dev.jrun.linux.At;
import dev.jrun.linux.Errno;
import dev.jrun.linux.FileStat;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A directory tree that is a root: every path given to it is looked up by the kernel with
 * {@code openat2(RESOLVE_IN_ROOT)}, so symlinks and {@code ..} inside it behave as after chroot and
 * can never lead out, whatever an earlier entry or layer planted. Names are then acted on with the
 * {@code *at} calls relative to a descriptor of their parent, never by a host path string.
 *
 * <p>Directory descriptors are cached by path; anything that deletes or replaces must call
 * {@link #forget()}, because the path may then name another directory.
 */
final class RootDir implements AutoCloseable {

    /** Kernel-scoped lookup: chroot semantics, and no /proc magic links that could jump out. */
    static final long IN_ROOT = At.RESOLVE_IN_ROOT | At.RESOLVE_NO_MAGICLINKS;
    private static final int DIR_PATH = OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC;
    private static final int MAX_CACHED = 256;
    /** The kernel's limit on symlinks followed in one lookup (MAXSYMLINKS). */
    private static final int MAX_LINK_HOPS = 40;

    private final Syscalls sys;
    private final int rootFd;
    private final java.util.List<Integer> retired = new java.util.ArrayList<>();
    private final Map<String, Integer> directories = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            if (size() > MAX_CACHED) {
                retired.add(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    RootDir(Syscalls sys, Path root) throws SyscallException {
        this.sys = sys;
        this.rootFd = sys.open(root.toString(), DIR_PATH, 0);
    }

    Syscalls sys() {
        return sys;
    }

    /**
     * A descriptor of directory {@code path} (relative, clean), created with mode 0755 where
     * missing. Owned by the cache: callers must not close it.
     */
    int directory(String path) throws SyscallException {
        return directory(path, 0);
    }

    private int directory(String path, int hops) throws SyscallException {
        if (path.isEmpty()) {
            return rootFd;
        }
        Integer cached = directories.get(path);
        if (cached != null) {
            return cached;
        }
        int fd;
        try {
            fd = sys.openat2(rootFd, path, DIR_PATH, 0, IN_ROOT);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
            int parent = directory(Paths.parent(path), hops);
            String name = Paths.name(path);
            FileStat there = stat(parent, name);
            if (there != null && there.isSymlink()) {
                return danglingLink(parent, path, hops);
            }
            sys.mkdirat(parent, name, 0755);
            fd = sys.openat2(rootFd, path, DIR_PATH, 0, IN_ROOT);
        }
        directories.put(path, fd);
        return fd;
    }

    /**
     * A symlink to a missing directory: its target is created, inside the root, as the lookup
     * would find it after chroot (so an image's {@code /abs -> /somewhere} lands in the rootfs).
     */
    private int danglingLink(int parent, String path, int hops) throws SyscallException {
        if (hops >= MAX_LINK_HOPS) {
            throw new SyscallException("openat2", "\"" + path + "\": more than " + MAX_LINK_HOPS + " symlinks",
                    Errno.ELOOP);
        }
        String target = sys.readlinkat(parent, Paths.name(path));
        String resolved = Paths.cleanInRoot(target.startsWith("/") ? target : Paths.parent(path) + "/" + target);
        return directory(resolved, hops + 1);
    }

    /** A descriptor of existing directory {@code path}, or -1 if it is missing; owned by the cache. */
    int directoryIfPresent(String path) throws SyscallException {
        if (path.isEmpty() || directories.containsKey(path)) {
            return directory(path);
        }
        try {
            int fd = sys.openat2(rootFd, path, DIR_PATH, 0, IN_ROOT);
            directories.put(path, fd);
            return fd;
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                return -1;
            }
            throw e;
        }
    }

    /** Opens {@code path} inside the root without following a final symlink; the caller closes it. */
    int open(String path, int flags) throws SyscallException {
        return sys.openat2(rootFd, path, flags | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, 0, IN_ROOT);
    }

    /** What is at {@code name} in {@code dirFd} (not following a symlink), or null if nothing is. */
    FileStat stat(int dirFd, String name) throws SyscallException {
        try {
            return sys.statx(dirFd, name, At.AT_SYMLINK_NOFOLLOW);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** Deletes {@code name} in {@code dirFd}, a whole directory tree if it is one; nothing there is fine. */
    void delete(int dirFd, String name) throws SyscallException {
        forget();
        FileStat stat = stat(dirFd, name);
        if (stat == null) {
            return;
        }
        if (stat.isDirectory()) {
            int fd = sys.openat(dirFd, name, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW
                    | OpenFlags.O_CLOEXEC, 0);
            try {
                for (String child : sys.readDirectory(fd)) {
                    delete(fd, child);
                }
            } finally {
                sys.close(fd);
            }
            sys.unlinkat(dirFd, name, At.AT_REMOVEDIR);
        } else {
            sys.unlinkat(dirFd, name, 0);
        }
    }

    /**
     * Drops the cached directory descriptors: a deletion may have changed what their paths name.
     * They are closed at the next {@link #settle}, since a caller may still be using one.
     */
    void forget() {
        retired.addAll(directories.values());
        directories.clear();
    }

    /** Closes the descriptors {@link #forget} dropped; call between entries, when none is in use. */
    void settle() {
        retired.forEach(this::closeQuietly);
        retired.clear();
    }

    @Override
    public void close() {
        forget();
        settle();
        closeQuietly(rootFd);
    }

    private void closeQuietly(int fd) {
        try {
            sys.close(fd);
        } catch (SyscallException ignored) {
            // close only fails on a bad descriptor, which leaves nothing to release
        }
    }
}
