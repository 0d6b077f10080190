package dev.jrun.layer;

import dev.jrun.image.Digest;
import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.image.Layer;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.rootfs.HostTrees;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The content-addressed layer store under the data root: each layer unpacked once, into
 * {@code layers/<alg>/<hex>/diff}, keyed by its diff_id, with whiteouts as overlayfs reads them.
 *
 * <pre>
 * layers/sha256/HEX/diff      the layer's tree (an overlay lowerdir)
 * layers/sha256/HEX/opaque    its opaque directories, one per line (for the copy fallback)
 * layers/sha256/HEX/size      the uncompressed tar's size in bytes
 * layers/.tmp/                unpacks in progress, renamed into place only when complete and verified
 * layers/.locks/HEX.lock      held while one process unpacks that layer
 * sources/KEY                 diff_id of a layer that has none in its image (a plain rootfs tar),
 *                             keyed by the file's identity, so its second run reads nothing
 * </pre>
 *
 * A layer directory exists only once complete (atomic rename), so a crash mid-unpack leaves at most
 * a {@code .tmp} entry that nothing mistakes for a layer; the next unpack of any layer clears it.
 */
public final class LayerStore {

    private static final System.Logger LOG = System.getLogger(LayerStore.class.getName());
    static final String DIFF = "diff";
    static final String OPAQUE = "opaque";
    private static final String SIZE = "size";
    /** Locks held by this JVM: FileChannel.lock refuses a second lock of one file in one process. */
    private static final ConcurrentHashMap<Path, Object> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path layers;
    private final Path sources;
    private final Syscalls sys;

    public LayerStore(Path dataRoot, Syscalls sys) {
        this.layers = dataRoot.toAbsolutePath().resolve("layers");
        this.sources = dataRoot.toAbsolutePath().resolve("sources");
        this.sys = sys;
    }

    /** The directory of layer {@code diffId}, complete or absent. */
    public Path layerDir(Digest diffId) {
        return layers.resolve(diffId.algorithm()).resolve(diffId.hex());
    }

    public boolean contains(Digest diffId) {
        return Files.isDirectory(layerDir(diffId));
    }

    /** The uncompressed size of a stored layer, 0 if unknown. */
    public long size(Digest diffId) {
        try {
            return Long.parseLong(Files.readString(layerDir(diffId).resolve(SIZE)).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Every stored layer. */
    public List<Digest> list() throws IOException {
        List<Digest> all = new ArrayList<>();
        for (String algorithm : List.of("sha256", "sha512")) {
            Path dir = layers.resolve(algorithm);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.forEach(p -> all.add(new Digest(algorithm, p.getFileName().toString())));
                }
            }
        }
        return all;
    }

    /** Deletes a stored layer; renamed away first, so no reader ever sees it half deleted. */
    public void remove(Digest diffId) throws IOException {
        Path dir = layerDir(diffId);
        if (Files.isDirectory(dir)) {
            Path doomed = newTemp("rm-" + diffId.hex());
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            HostTrees.delete(doomed);
        }
    }

    /**
     * Copies the stored layers {@code diffIds} (bottom first), one over another, into the plain
     * directory {@code rootfs}: the container's root where overlayfs is not available.
     */
    public void copyInto(List<Digest> diffIds, Path rootfs) throws ImageException {
        try (RootDir root = new RootDir(sys, rootfs)) {
            LayerCopy.applyAll(diffIds.stream().map(this::layerDir).toList(), root);
        } catch (IOException | SyscallException e) {
            throw new ImageException("copying layers into " + rootfs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes sure every layer of {@code image} is stored, unpacking the missing ones (several at once
     * where there are several); returns their diff_ids, bottom first. Concurrent callers, in this
     * process or others, unpack each layer once: the others wait and then find it stored.
     */
    public List<Digest> ensure(Image image, UnpackListener listener) throws ImageException {
        List<Digest> ids = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (Layer layer : image.layers()) {
            Digest id = layer.diffId() != null ? layer.diffId() : knownSource(layer);
            ids.add(id);
            if (id == null || !contains(id)) {
                missing.add(ids.size() - 1);
            }
        }
        if (missing.isEmpty()) {
            return ids;
        }
        clearAbandoned();
        List<Pending> pending = new ArrayList<>(unpackAll(image, missing, listener));
        pending.sort(java.util.Comparator.comparingInt(Pending::index)); // bottom first: links need their lowers
        for (Pending p : pending) {
            ids.set(p.index(), p.publish(ids.subList(0, p.index())));
        }
        return List.copyOf(ids);
    }

    /** Unpacks the missing layers, as many at once as there are cores; on a failure, discards all. */
    private List<Pending> unpackAll(Image image, List<Integer> missing, UnpackListener listener)
            throws ImageException {
        int threads = Math.min(missing.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jrun-unpack");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Pending>> futures = new ArrayList<>();
            // biggest first, so that no big layer starts last and runs alone
            List<Integer> order = missing.stream()
                    .sorted((a, b) -> Long.compare(image.layers().get(b).length(), image.layers().get(a).length()))
                    .toList();
            for (int i : order) {
                futures.add(pool.submit(() -> unpack(image.layers().get(i), i, listener)));
            }
            List<Pending> done = new ArrayList<>();
            ImageException failure = null;
            for (Future<Pending> f : futures) {
                try {
                    done.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof ImageException ie ? ie
                                : new ImageException("unpacking: " + e.getCause(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageException("unpacking interrupted", e);
                }
            }
            if (failure != null) {
                done.forEach(Pending::discard);
                throw failure;
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Unpacks one layer into a fresh temporary directory and verifies it; the result is published
     * by {@link Pending#publish}, bottom layer first, once hard links into lower layers are copied.
     */
    private Pending unpack(Layer layer, int index, UnpackListener listener) throws ImageException {
        if (layer.diffId() == null) {
            return extract(layer, index, listener); // its id is known only once it is read
        }
        try {
            Pending[] result = new Pending[1];
            withLock(layer.diffId(), () -> {
                if (!contains(layer.diffId())) {
                    Pending p = extract(layer, index, listener);
                    result[0] = p.lowerLinks.isEmpty() ? p.publishLocked() : p;
                }
            });
            return result[0] != null ? result[0] : new Pending(layer, index, null, layer.diffId(), List.of());
        } catch (IOException e) {
            throw ImageException.layer(layer.name(), "locking it in the layer store " + layers, e);
        }
    }

    /** Unpacks one layer into a fresh temporary directory of the store and verifies its digests. */
    private Pending extract(Layer layer, int index, UnpackListener listener) throws ImageException {
        Path temp;
        try {
            temp = newTemp(layer.diffId() == null ? "layer" : layer.diffId().hex());
            Files.createDirectory(temp.resolve(DIFF));
        } catch (IOException e) {
            throw ImageException.layer(layer.name(), "cannot create a directory in the layer store " + layers, e);
        }
        listener.started(layer, layer.length());
        try (RootDir root = new RootDir(sys, temp.resolve(DIFF))) {
            Layers.Extracted done = Layers.extract(layer, root, Whiteouts.OVERLAY,
                    read -> listener.progress(layer, read));
            Files.writeString(temp.resolve(SIZE), Long.toString(done.size()));
            List<String> opaque = done.extractor().opaqueDirectories();
            if (!opaque.isEmpty()) {
                Files.write(temp.resolve(OPAQUE), opaque, StandardCharsets.UTF_8);
            }
            if (layer.diffId() == null) {
                rememberSource(layer, done.diffId());
            }
            listener.finished(layer);
            return new Pending(layer, index, temp, done.diffId(), done.extractor().lowerLinks());
        } catch (ImageException | IOException | SyscallException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof ImageException ie) {
                throw ie;
            }
            throw ImageException.layer(layer.name(), "unpacking into the layer store: " + e.getMessage());
        }
    }

    /** A layer unpacked and verified in a temporary directory, not yet visible to anyone. */
    private final class Pending {
        private final Layer layer;
        private final int index;
        private final Path temp;
        private final Digest diffId;
        private final List<LowerLink> lowerLinks;

        Pending(Layer layer, int index, Path temp, Digest diffId, List<LowerLink> lowerLinks) {
            this.layer = layer;
            this.index = index;
            this.temp = temp;
            this.diffId = diffId;
            this.lowerLinks = lowerLinks;
        }

        int index() {
            return index;
        }

        /**
         * Copies hard-link targets from {@code lowers}, then renames the layer into place; returns
         * its id. A layer already published (or found stored) is left as it is.
         */
        Digest publish(List<Digest> lowers) throws ImageException {
            if (temp == null) {
                return diffId;
            }
            try {
                LowerLinks.copy(sys, layer.name(), lowerLinks, temp.resolve(DIFF),
                        lowers.stream().map(id -> layerDir(id).resolve(DIFF)).toList());
                withLock(diffId, this::publishLocked);
            } catch (IOException | SyscallException e) {
                throw ImageException.layer(layer.name(), "storing as " + layerDir(diffId) + ": " + e.getMessage());
            }
            return diffId;
        }

        /** The rename that makes the layer visible, complete; the caller holds its lock. */
        Pending publishLocked() throws IOException {
            Path target = layerDir(diffId);
            try {
                if (!Files.isDirectory(target)) {
                    Files.createDirectories(target.getParent());
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the layer store's temporary directory is on another filesystem than "
                        + target, e);
            } finally {
                deleteQuietly(temp); // gone if it was moved; a duplicate unpacked meanwhile if not
            }
            return new Pending(layer, index, null, diffId, List.of());
        }

        void discard() {
            deleteQuietly(temp);
        }
    }

    /** Runs {@code action} holding the lock of one layer against other threads and processes. */
    private void withLock(Digest diffId, LockedAction action) throws IOException, ImageException {
        Path lockFile = layers.resolve(".locks").resolve(diffId.hex() + ".lock");
        Files.createDirectories(lockFile.getParent());
        Object local = LOCAL_LOCKS.computeIfAbsent(lockFile, k -> new Object());
        synchronized (local) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                action.run();
            }
        }
    }

    @FunctionalInterface
    private interface LockedAction {
        void run() throws IOException, ImageException;
    }

    private Path newTemp(String hint) throws IOException {
        Path tmp = layers.resolve(".tmp");
        Files.createDirectories(tmp);
        return Files.createTempDirectory(tmp, hint.substring(0, Math.min(12, hint.length())) + "-");
    }

    /**
     * Deletes unpacks that a dead process left in {@code .tmp}. An entry another live process is
     * still filling is recognised by its age being small, so only entries older than an hour go.
     */
    private void clearAbandoned() {
        Path tmp = layers.resolve(".tmp");
        if (!Files.isDirectory(tmp)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> entries = Files.list(tmp)) {
            entries.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() < cutoff;
                } catch (IOException e) {
                    return false;
                }
            }).forEach(LayerStore::deleteQuietly);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list " + tmp + ": " + e.getMessage());
        }
    }

    /** The diff_id recorded for a layer without one, found by the file's identity; null if unknown. */
    private Digest knownSource(Layer layer) {
        try {
            Path record = sources.resolve(sourceKey(layer));
            return Files.exists(record) ? Digest.parse(Files.readString(record).trim()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void rememberSource(Layer layer, Digest diffId) throws IOException {
        Files.createDirectories(sources);
        Path tmp = Files.createTempFile(sources, ".", ".tmp");
        Files.writeString(tmp, diffId.toString());
        Files.move(tmp, sources.resolve(sourceKey(layer)), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The file's path, inode, size and mtime, and the layer's place in it, hashed: changes when any does. */
    private static String sourceKey(Layer layer) throws IOException {
        Object inode = Files.getAttribute(layer.file(), "unix:ino");
        String identity = layer.file().toAbsolutePath() + "\n" + inode + "\n" + Files.size(layer.file()) + "\n"
                + Files.getLastModifiedTime(layer.file()).toMillis() + "\n" + layer.offset() + "\n" + layer.length();
        var hasher = Digest.hasher("sha256");
        return HexFormat.of().formatHex(hasher.digest(identity.getBytes(StandardCharsets.UTF_8)));
    }

    private static void deleteQuietly(Path path) {
        try {
            HostTrees.delete(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete " + path + ": " + e.getMessage());
        }
    }
}
