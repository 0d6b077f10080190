package dev.jrun.rootfs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deleting host trees that hold a rootfs: never through a symlink, since it may aim at any host path. */
public final class HostTrees {
    private HostTrees() {}

    /** Deletes {@code path} and, if it is a real directory, everything below it; missing is fine. */
    public static void delete(Path path) throws IOException {
        try {
            // walkFileTree does not follow links, so a symlink is deleted, never its target.
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            if (!e.getFile().equals(path.toString())) {
                throw e;
            }
        }
    }
}
