package dev.jrun.rootfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line messages for NIO's file exceptions, whose own message is often just a path. */
public final class FileErrors {
    private FileErrors() {}

    /** {@code /x/rootfs/dev: permission denied}; other exceptions' own message. */
    public static String describe(Exception e) {
        if (!(e instanceof FileSystemException fs)) {
            return String.valueOf(e.getMessage());
        }
        String what = e instanceof NoSuchFileException ? "no such file"
                : e instanceof FileAlreadyExistsException ? "file exists"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof DirectoryNotEmptyException ? "directory not empty"
                : e instanceof NotDirectoryException ? "not a directory"
                : fs.getReason();
        String file = fs.getFile() == null ? "" : fs.getFile() + (fs.getOtherFile() == null ? "" : " -> "
                + fs.getOtherFile()) + ": ";
        return file + (what == null ? e.getClass().getSimpleName() : what);
    }
}
