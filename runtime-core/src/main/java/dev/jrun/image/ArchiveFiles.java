package dev.jrun.image;

import java.nio.file.Path;

/** The files of an image archive by their path inside it: entries of a tar, or files under a directory. */
interface ArchiveFiles {

    /** The archive, as messages name it. */
    Path source();

    /**
     * The regular file at {@code name}, a relative path with '/' separators; null if there is none.
     * Fails if {@code name} is something else than a regular file or leads out of the archive.
     */
    FileRange find(String name) throws ImageException;
}
