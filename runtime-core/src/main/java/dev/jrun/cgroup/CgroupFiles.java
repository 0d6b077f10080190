package dev.jrun.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writing a cgroup file: one value, one write(2), and an error that names the file and the value. */
final class CgroupFiles {

    private CgroupFiles() {
    }

    static void write(Path dir, String file, String value) throws IOException {
        Path path = dir.resolve(file);
        try {
            // never CREATE: the kernel makes a cgroup's files, and a missing one means a missing feature
            Files.write(path, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new IOException(path + ": no such file: the kernel does not offer this limit", e);
        } catch (IOException e) {
            throw new IOException("writing " + value + " to " + path + ": " + e.getMessage(), e);
        }
    }

    /** A number file's value, or -1 if this kernel has no such file. */
    static long number(Path dir, String file) throws IOException {
        return dir == null || !Files.exists(dir.resolve(file)) ? -1 : Long.parseLong(read(dir, file));
    }

    /** The value of {@code key} in a flat-keyed file ({@code key value} lines), or -1. */
    static long keyed(Path dir, String file, String key) throws IOException {
        if (dir == null || !Files.exists(dir.resolve(file))) {
            return -1;
        }
        for (String line : read(dir, file).split("\n")) {
            if (line.startsWith(key + " ")) {
                return Long.parseLong(line.substring(key.length() + 1).trim());
            }
        }
        return -1;
    }

    static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.US_ASCII).trim();
    }
}
