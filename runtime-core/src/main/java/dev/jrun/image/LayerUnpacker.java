package dev.jrun.image;

import dev.jrun.rootfs.HostTrees;
import dev.jrun.rootfs.RootPaths;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies one layer tar to a rootfs directory: creates directories, files, symlinks and hard links
 * with their modes, owners and mtimes, and honours whiteouts ({@code .wh.NAME} deletes NAME from
 * lower layers, {@code .wh..wh..opq} hides everything lower layers put in its directory). Every
 * entry is placed with {@link RootPaths}, so no entry or symlink in the layer reaches outside the rootfs.
 */
public final class LayerUnpacker {

    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

    private static final System.Logger LOG = System.getLogger(LayerUnpacker.class.getName());
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int BUFFER = 128 * 1024;

    /** Directory modes and mtimes wait until the layer is done: adding children would change them. */
    private record DeferredDirectory(Path host, int mode, FileTime mtime) {
    }

    private final String layer;
    private final Path rootfs;
    /** Container paths this layer wrote (with their parents); an opaque whiteout keeps exactly these. */
    private final Set<String> written = new HashSet<>();
    private final List<DeferredDirectory> directories = new ArrayList<>();
    /**
     * Parent directories already resolved and created, by container path, so the ~400 entries of a
     * busybox layer skip that lookup. Any deletion can turn one into something else, so it clears this.
     */
    private final Map<String, Path> parents = new HashMap<>();
    private final byte[] buffer = new byte[BUFFER];

    private LayerUnpacker(String layer, Path rootfs) {
        this.layer = layer;
        this.rootfs = rootfs;
    }

    /** Applies {@code layer} on top of whatever {@code rootfs} holds. */
    public static void unpack(Layer layer, Path rootfs) throws ImageException {
        try (InputStream tar = layer.open()) {
            unpack(layer.name(), tar, rootfs);
        } catch (IOException e) {
            throw ImageException.layer(layer.name(), "cannot read", e);
        }
    }

    static void unpack(String layerName, InputStream tar, Path rootfs) throws ImageException {
        new LayerUnpacker(layerName, rootfs).apply(new EndAwareInputStream(tar));
    }

    private void apply(EndAwareInputStream source) throws ImageException {
        TarArchiveInputStream tar = new TarArchiveInputStream(source);
        String previous = null;
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (IOException e) {
                throw readFailure(source, after(previous), e);
            }
            if (entry == null) {
                break;
            }
            previous = apply(entry, tar, source);
        }
        // A tar may end without its two zero blocks, but never inside a 512-byte header.
        if (tar.getBytesRead() % TarConstants.DEFAULT_RCDSIZE != 0) {
            throw ImageException.layer(layer, "truncated in the middle of " + after(previous));
        }
        finishDirectories();
    }

    /** Applies one entry and returns its cleaned path. */
    private String apply(TarArchiveEntry entry, TarArchiveInputStream tar, EndAwareInputStream source)
            throws ImageException {
        String path = clean(entry.getName());
        if (path.isEmpty()) {
            return path; // the rootfs itself, whose owner and mode belong to the runtime
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        try {
            if (name.startsWith(WHITEOUT_PREFIX)) {
                whiteout(parentOf(path), name);
                return path;
            }
            Path target = parentDirectory(parentOf(path)).resolve(name);
            if (entry.isDirectory()) {
                directory(target, entry);
            } else if (entry.isSymbolicLink()) {
                replacing(target, () -> Files.createSymbolicLink(target, Path.of(entry.getLinkName())));
                HostFiles.owner(target, entry.getLongUserId(), entry.getLongGroupId());
                HostFiles.mtime(target, entry.getLastModifiedTime());
            } else if (entry.isLink()) {
                Path existing = RootPaths.resolve(rootfs, clean(entry.getLinkName()));
                replacing(target, () -> Files.createLink(target, existing));
            } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                // mknod needs the native layer; the runtime mounts /dev itself.
                LOG.log(System.Logger.Level.WARNING, "layer {0}: skipping device or FIFO {1}", layer, path);
                return path;
            } else {
                // Like tar(1), any other type is a regular file.
                file(tar, source, target, path, entry.getSize());
                HostFiles.owner(target, entry.getLongUserId(), entry.getLongGroupId());
                HostFiles.modeAndMtime(target, entry.getMode(), entry.getLastModifiedTime());
            }
        } catch (IOException e) {
            throw ImageException.layer(layer, "entry " + path, e);
        }
        markWritten(path);
        return path;
    }

    /** The host directory for container directory {@code dir}, created if missing. */
    private Path parentDirectory(String dir) throws IOException {
        Path host = parents.get(dir);
        if (host == null) {
            host = RootPaths.resolveFollowing(rootfs, dir);
            Files.createDirectories(host);
            parents.put(dir, host);
        }
        return host;
    }

    /** Every deletion goes through here: it may remove or replace a cached parent directory. */
    private void delete(Path host) throws IOException {
        parents.clear();
        HostTrees.delete(host);
    }

    private void directory(Path target, TarArchiveEntry entry) throws IOException {
        try {
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            // A directory over a directory keeps the lower layer's children; over anything else it replaces it.
            if (!Files.isDirectory(target, NOFOLLOW)) {
                delete(target);
                Files.createDirectory(target);
            }
        }
        HostFiles.owner(target, entry.getLongUserId(), entry.getLongGroupId());
        directories.add(new DeferredDirectory(target, entry.getMode(), entry.getLastModifiedTime()));
    }

    private void file(TarArchiveInputStream tar, EndAwareInputStream source, Path target, String path, long size)
            throws IOException, ImageException {
        long copied = 0;
        try (OutputStream out = replacing(target, () -> Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))) {
            for (int n = read(tar, source, path); n != -1; n = read(tar, source, path)) {
                out.write(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != size) {
            throw ImageException.layer(layer, "truncated in the middle of entry " + path);
        }
    }

    private int read(TarArchiveInputStream tar, EndAwareInputStream source, String path) throws ImageException {
        try {
            return tar.read(buffer);
        } catch (IOException e) {
            throw readFailure(source, "entry " + path, e);
        }
    }

    /**
     * Runs {@code create}; if something is already there (from a lower layer or earlier in this
     * one) it is removed first, so a new file never writes through an old hard link or symlink.
     */
    private <T> T replacing(Path target, Creation<T> create) throws IOException {
        try {
            return create.run();
        } catch (FileAlreadyExistsException e) {
            delete(target);
            return create.run();
        }
    }

    @FunctionalInterface
    private interface Creation<T> {
        T run() throws IOException;
    }

    private void whiteout(String dir, String name) throws IOException {
        Path hostDir = RootPaths.resolve(rootfs, dir);
        if (name.equals(OPAQUE_WHITEOUT)) {
            if (Files.isDirectory(hostDir, NOFOLLOW)) {
                removeLower(hostDir, dir);
            }
        } else {
            String hidden = name.substring(WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new IOException("whiteout " + name + " names no file");
            }
            delete(RootPaths.resolve(rootfs, join(dir, hidden)));
        }
        markWritten(dir);
    }

    /** Deletes what lower layers left under {@code dir}, keeping what this layer wrote. */
    private void removeLower(Path hostDir, String dir) throws IOException {
        List<Path> children;
        try (var stream = Files.list(hostDir)) {
            children = stream.toList();
        }
        for (Path child : children) {
            String path = join(dir, child.getFileName().toString());
            if (!written.contains(path)) {
                delete(child);
            } else if (Files.isDirectory(child, NOFOLLOW)) {
                removeLower(child, path);
            }
        }
    }

    private void finishDirectories() throws ImageException {
        for (DeferredDirectory dir : directories) {
            try {
                // A later entry of this layer may have replaced or deleted the directory.
                if (Files.isDirectory(dir.host(), NOFOLLOW)) {
                    HostFiles.modeAndMtime(dir.host(), dir.mode(), dir.mtime());
                }
            } catch (IOException e) {
                throw ImageException.layer(layer, "directory " + rootfs.relativize(dir.host()), e);
            }
        }
    }

    private void markWritten(String path) {
        String p = path;
        while (!p.isEmpty() && written.add(p)) {
            p = parentOf(p);
        }
    }

    private ImageException readFailure(EndAwareInputStream source, String where, IOException e) {
        if (e instanceof EOFException || source.ended()) {
            return ImageException.layer(layer, "truncated in the middle of " + where);
        }
        return ImageException.layer(layer, "corrupt tar at " + where, e);
    }

    /**
     * The entry name as a clean relative path: "." and empty parts dropped, a leading "/" ignored,
     * ".." applied; a name that climbs above the root is rejected rather than clamped.
     */
    private String clean(String name) throws ImageException {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw ImageException.layer(layer, "entry " + name + " escapes the rootfs");
                }
                parts.remove(parts.size() - 1);
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static String after(String previous) {
        return previous == null ? "the first entry" : "the entry after " + previous;
    }

    private static String parentOf(String path) {
        return path.substring(0, Math.max(0, path.lastIndexOf('/')));
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
