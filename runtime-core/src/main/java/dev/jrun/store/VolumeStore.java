package dev.jrun.store;

import dev.jrun.rootfs.HostTrees;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Named volumes ({@code -v NAME:/path}): one directory each under {@code DATA_ROOT/volumes}, its
 * files in {@code NAME/_data} (as docker lays them out), kept until {@code jrun volume rm} or
 * {@code prune}. A new volume is made and filled under a temporary name and renamed into place, so
 * two containers that first use it at once share one, and a crash leaves no half-filled volume.
 */
public final class VolumeStore {
    /** docker's rule for volume names: a letter or digit, then letters, digits, {@code _ . -}. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final String DATA = "_data";

    /** A stored volume. */
    public record Volume(String name, Path data) {}

    /** Fills a new volume's data directory (docker copies the image's files at the mount point). */
    public interface Filler {
        void fill(Path data) throws IOException;
    }

    private final Path root;

    public VolumeStore(Path dataRoot) {
        this.root = dataRoot.resolve("volumes").toAbsolutePath().normalize();
    }

    /**
     * The data directory of volume {@code name}, made now if it does not exist and filled by
     * {@code filler} (may be null) before anyone can see it.
     *
     * @throws IllegalArgumentException for a name docker would refuse
     */
    public Path use(String name, Filler filler) throws IOException {
        Path volume = root.resolve(requireName(name));
        if (Files.isDirectory(volume.resolve(DATA))) {
            return volume.resolve(DATA);
        }
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, ".new-" + name + "-");
        try {
            Path data = Files.createDirectory(tmp.resolve(DATA));
            if (filler != null) {
                filler.fill(data);
            }
            Files.move(tmp, volume, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            // another container made it first: use theirs
        } finally {
            HostTrees.delete(tmp);
        }
        return volume.resolve(DATA);
    }

    /** Every volume, by name. */
    public List<Volume> list() throws IOException {
        List<Volume> volumes = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return volumes;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> NAME.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isDirectory(d.resolve(DATA))).sorted()
                    .forEach(d -> volumes.add(new Volume(d.getFileName().toString(), d.resolve(DATA))));
        }
        return volumes;
    }

    /** The volume a container's bind source {@code path} is, or null if it is none. */
    public String nameOf(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        if (normal.getNameCount() != root.getNameCount() + 2 || !normal.startsWith(root)
                || !normal.getFileName().toString().equals(DATA)) {
            return null;
        }
        return normal.getParent().getFileName().toString();
    }

    /** Removes volume {@code name} and its files. */
    public void remove(String name) throws IOException {
        Path volume = root.resolve(requireName(name));
        if (!Files.isDirectory(volume)) {
            throw new java.nio.file.NoSuchFileException(volume.toString(), null, "no such volume: " + name);
        }
        HostTrees.delete(volume);
    }

    private static String requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("volume name " + name + ": a letter or digit, then letters, digits,"
                    + " _ . or - (at least 2 characters)");
        }
        return name;
    }
}
