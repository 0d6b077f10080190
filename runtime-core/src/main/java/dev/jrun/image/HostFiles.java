package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;

/** The host-side file operations of unpacking; none of them follows a symlink it is pointed at. */
final class HostFiles {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** Only root may give files away; unprivileged unpacks (unit tests) keep their own uid. */
    static final boolean CAN_CHOWN = isRoot();

    private HostFiles() {
    }

    /** lchown: a symlink gets its own owner, not its target's. */
    static void owner(Path file, long uid, long gid) throws IOException {
        if (CAN_CHOWN) {
            Files.setAttribute(file, "unix:uid", id(uid), NOFOLLOW);
            Files.setAttribute(file, "unix:gid", id(gid), NOFOLLOW);
        }
    }

    /** Linux ids are unsigned 32-bit; (uid_t) -1 means "leave unchanged", so it is no valid id. */
    private static int id(long id) throws IOException {
        if (id < 0 || id >= 0xFFFF_FFFFL) {
            throw new IOException("owner id " + id + " out of range");
        }
        return (int) id;
    }

    /**
     * Sets permission bits including setuid, setgid and sticky, which PosixFilePermission cannot
     * express, on a file or directory (a symlink fails with ELOOP rather than passing the mode on to
     * its target). Call after {@link #owner}: chown clears setuid and setgid.
     */
    static void modeAndMtime(Path fileOrDirectory, int mode, FileTime mtime) throws IOException {
        Files.setAttribute(fileOrDirectory, "unix:mode", mode & 07777, NOFOLLOW);
        mtime(fileOrDirectory, mtime);
    }

    /**
     * Sets the mtime of a file, directory or the symlink itself (Linux has no symlink modes). The
     * access time is set too because leaving it null makes the JDK stat the file first to keep it.
     */
    static void mtime(Path path, FileTime mtime) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, mtime, null);
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the effective uid of the process looking at it.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
