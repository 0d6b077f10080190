package dev.jrun.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A container's two directories, held under a lock for as long as this runtime owns it: the state
 * directory (small, under the state root: state.json, the lock, the barrier FIFOs) and the rootfs
 * (under the data root). A lock that nobody holds means the owner died: see {@link ContainerStore}.
 */
public final class ContainerDirs implements AutoCloseable {
    static final String STATE_FILE = "state.json";
    static final String LOCK_FILE = "lock";
    static final String LAYERS_FILE = "layers";
    static final String CGROUP_FILE = "cgroup";
    /** In the container directory: the state directory it belongs to (there may be several state roots). */
    static final String STATE_DIR_FILE = "state-dir";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path stateDir;
    private final Path containerDir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    ContainerDirs(Path stateDir, Path containerDir, FileChannel lockChannel, FileLock lock) {
        this.stateDir = stateDir;
        this.containerDir = containerDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The container's own directory under the data root; null for a bundle's container, which has none. */
    public Path containerDir() {
        return containerDir;
    }

    /** Where a detached container's stdout and stderr go ({@code jrun logs}). */
    public Path log() {
        return containerDir.resolve("log");
    }

    /** The host directory that becomes the container's root. */
    public Path rootfs() {
        return containerDir.resolve("rootfs");
    }

    /** The container's own changes: overlayfs's upper directory over the image's layers. */
    public Path upper() {
        return containerDir.resolve("upper");
    }

    /** overlayfs's scratch directory, on the same filesystem as {@link #upper()}. */
    public Path work() {
        return containerDir.resolve("work");
    }

    /** Records the stored layers the rootfs is made of, so that prune leaves them alone. */
    public void writeLayers(java.util.List<dev.jrun.image.Digest> layers) throws IOException {
        Files.write(containerDir.resolve(LAYERS_FILE), layers.stream().map(Object::toString).toList());
    }

    /** Records the cgroup's directories, so that whoever removes the container removes them too. */
    public void writeCgroup(java.util.List<Path> directories) throws IOException {
        Files.write(stateDir.resolve(CGROUP_FILE), directories.stream().map(Path::toString).toList());
    }

    /** Replaces state.json atomically: a reader sees the old or the new state, never half. */
    public void writeState(ContainerState state) throws IOException {
        Path tmp = stateDir.resolve(STATE_FILE + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
        Files.move(tmp, stateDir.resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The state as last written. */
    public ContainerState readState() throws IOException {
        return readState(stateDir);
    }

    /** The cgroup directories recorded by {@link #writeCgroup}; none if it had no cgroup. */
    public java.util.List<Path> cgroup() throws IOException {
        return cgroup(stateDir);
    }

    /** The cgroup directories recorded in {@code stateDir}; none if it had no cgroup. */
    public static java.util.List<Path> cgroup(Path stateDir) throws IOException {
        Path record = stateDir.resolve(CGROUP_FILE);
        return Files.exists(record) ? Files.readAllLines(record).stream().map(Path::of).toList() : java.util.List.of();
    }

    static ContainerState readState(Path stateDir) throws IOException {
        // through NIO: a missing file is a NoSuchFileException, which callers tell apart
        return JSON.readValue(Files.readAllBytes(stateDir.resolve(STATE_FILE)), ContainerState.class);
    }

    /** Releases the lock; the directories stay (see {@link ContainerStore#remove}). */
    @Override
    public void close() throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
        lockChannel.close();
    }
}
