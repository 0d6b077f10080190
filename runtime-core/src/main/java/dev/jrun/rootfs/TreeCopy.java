package dev.jrun.rootfs;

import dev.jrun.linux.At;
import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * Copies a directory tree as it is, into an empty directory that only jrun writes to: directories,
 * regular files and symbolic links with their owners, modes (setuid and sticky bits too) and
 * modification times. Links are copied as links and never followed, so a tree inside a container's
 * rootfs cannot lead the copy out to the host; device nodes, FIFOs and sockets are left out.
 */
public final class TreeCopy {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private TreeCopy() {}

    /** Copies what is below {@code from} into the existing directory {@code to}, which takes {@code from}'s attributes. */
    public static void copy(Syscalls sys, Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from)) {
                    Files.createDirectory(to.resolve(from.relativize(dir)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file));
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
                } else {
                    return FileVisitResult.CONTINUE;
                }
                attributes(sys, file, target, attrs.isSymbolicLink());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Path target = to.resolve(from.relativize(dir));
                attributes(sys, dir, target, false);
                Files.setLastModifiedTime(target, Files.getLastModifiedTime(dir, NOFOLLOW)); // after its entries
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Owner first, then the mode: a change of owner clears setuid and setgid bits. A link has no mode
     * of its own. An owner this user namespace does not map (rootless, EINVAL) leaves the copier's.
     */
    private static void attributes(Syscalls sys, Path source, Path target, boolean link) throws IOException {
        Map<String, Object> a = Files.readAttributes(source, "unix:uid,gid,mode", NOFOLLOW);
        try {
            try {
                sys.fchownat(At.AT_FDCWD, target.toString(), (Integer) a.get("uid"), (Integer) a.get("gid"),
                        At.AT_SYMLINK_NOFOLLOW);
            } catch (SyscallException e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
            }
            if (!link) {
                sys.chmod(target.toString(), (Integer) a.get("mode") & 07777);
            }
        } catch (SyscallException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
