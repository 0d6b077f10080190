package dev.jrun.layer;

import dev.jrun.image.ImageException;
import dev.jrun.linux.At;
import dev.jrun.linux.Errno;
import dev.jrun.linux.FileStat;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.UserNamespace;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies one layer tar to a directory, as the OCI image spec's layer rules say: directories,
 * files, symlinks, hard links, FIFOs and devices with their modes, owners, mtimes and xattrs, and
 * whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}) as {@link Whiteouts} says.
 *
 * <p>This is a security boundary. Every path is looked up by the kernel inside the target
 * ({@link RootDir}, openat2 RESOLVE_IN_ROOT), and the last component is always acted on with an
 * {@code *at} call that does not follow it: no entry, symlink, hard link or whiteout can create,
 * change or delete anything outside the target, whatever earlier entries or layers planted.
 */
final class LayerExtractor {

    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_WHITEOUT = ".wh..wh..opq";
    /**
     * overlayfs reads these itself (the user. ones when mounted with userxattr, as rootless jrun
     * does), so an image may not set them: it could hide or forge lower content.
     */
    static boolean isOverlayXattr(String name) {
        return name.startsWith("trusted.overlay.") || name.startsWith("user.overlay.");
    }

    /** The mark of an opaque directory: overlayfs in a user namespace reads user.overlay.* instead. */
    static String opaqueXattr(UserNamespace userns) {
        return userns.initial() ? "trusted.overlay.opaque" : "user.overlay.opaque";
    }

    /** Files whose owner a rootless single-id mapping cannot give them: said once per JVM. */
    private static final AtomicBoolean TOLD_UNMAPPED = new AtomicBoolean();
    private static final int BUFFER = 128 * 1024;
    private static final byte[] ZEROS = new byte[BUFFER];
    private static final int NEW_FILE = OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL
            | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC;
    private static final int OPEN_DIR = OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY;
    private static final System.Logger LOG = System.getLogger(LayerExtractor.class.getName());

    /** Directory modes and mtimes wait until the layer is done: adding children would change them. */
    private record DeferredDirectory(String path, int mode, Instant mtime) {
    }

    private final String layer;
    private final RootDir root;
    private final Whiteouts whiteouts;
    /** Only root may give files away; unprivileged unpacks keep their own uid. */
    private final boolean root0;
    /** Only root of the initial namespace may make device nodes and set trusted. and security. xattrs. */
    private final boolean privileged;
    private final UserNamespace userns;
    /** Entries owned by ids the user namespace does not map: they keep jrun's (root's, inside). */
    private int unmappedOwners;
    /** Paths this layer wrote (with their parents); an applied opaque whiteout keeps exactly these. */
    private final Set<String> written = new HashSet<>();
    private final List<DeferredDirectory> directories = new ArrayList<>();
    private final List<LowerLink> lowerLinks = new ArrayList<>();
    private final List<String> opaqueDirectories = new ArrayList<>();
    private final byte[] chunk = new byte[BUFFER];
    private final ByteBuffer direct = ByteBuffer.allocateDirect(BUFFER);

    LayerExtractor(String layer, RootDir root, Whiteouts whiteouts) {
        this.layer = layer;
        this.root = root;
        this.whiteouts = whiteouts;
        this.userns = UserNamespace.current();
        this.root0 = root.sys().geteuid() == 0;
        this.privileged = root0 && userns.initial();
    }

    /** Hard links to files of lower layers, left for the caller when whiteouts are {@link Whiteouts#OVERLAY}. */
    List<LowerLink> lowerLinks() {
        return List.copyOf(lowerLinks);
    }

    /** Directories this layer made opaque; a copy of an overlay layer needs them back as whiteouts. */
    List<String> opaqueDirectories() {
        return List.copyOf(opaqueDirectories);
    }

    /** Reads {@code source} to its end and applies every entry. */
    void extract(InputStream source) throws ImageException {
        EndAwareInputStream counted = new EndAwareInputStream(source);
        PaxXattrs xattrs = new PaxXattrs(counted);
        TarArchiveInputStream tar = new TarArchiveInputStream(xattrs);
        String previous = null;
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (IOException e) {
                throw readFailure(counted, after(previous), e);
            }
            if (entry == null) {
                break;
            }
            try {
                previous = apply(entry, xattrs.next(), tar);
            } catch (IOException e) {
                throw readFailure(counted, "entry " + entry.getName(), e);
            }
        }
        // A tar may end without its two zero blocks (older umoci), but never inside a 512-byte header.
        if (tar.getBytesRead() % TarConstants.DEFAULT_RCDSIZE != 0) {
            throw ImageException.layer(layer, "truncated in the middle of " + after(previous));
        }
        finish();
    }

    /**
     * Applies one entry, reading a regular file's bytes from {@code content}; returns its cleaned
     * path. {@link #finish} must follow the last entry.
     */
    String apply(TarArchiveEntry entry, Map<String, byte[]> xattrs, InputStream content)
            throws ImageException, IOException {
        root.settle();
        String path = Paths.clean(entry.getName());
        if (path == null) {
            throw ImageException.layer(layer, "entry " + entry.getName() + " escapes the rootfs");
        }
        if (path.isEmpty()) {
            return path; // the rootfs itself, whose owner and mode belong to the runtime
        }
        String parent = Paths.parent(path);
        String name = Paths.name(path);
        checkOwner(entry, path);
        try {
            if (name.startsWith(WHITEOUT_PREFIX)) {
                whiteout(parent, name);
                return path;
            }
            int dir = root.directory(parent);
            if (entry.isDirectory()) {
                directory(dir, path, entry, xattrs);
            } else if (entry.isSymbolicLink()) {
                replacing(dir, name, () -> root.sys().symlinkat(entry.getLinkName(), dir, name));
                attributes(dir, name, entry, At.AT_SYMLINK_NOFOLLOW);
            } else if (entry.isLink()) {
                hardLink(dir, path, entry.getLinkName());
            } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                if (!privileged) {
                    LOG.log(System.Logger.Level.WARNING, "layer {0}: skipping device {1}: only root may create"
                            + " device nodes", layer, path);
                    return path;
                }
                int type = entry.isCharacterDevice() ? FileStat.S_IFCHR : FileStat.S_IFBLK;
                replacing(dir, name, () -> root.sys().mknodat(dir, name, type | mode(entry), entry.getDevMajor(),
                        entry.getDevMinor()));
                attributes(dir, name, entry, At.AT_SYMLINK_NOFOLLOW);
            } else if (entry.isFIFO()) {
                replacing(dir, name, () -> root.sys().mknodat(dir, name, FileStat.S_IFIFO | mode(entry), 0, 0));
                attributes(dir, name, entry, At.AT_SYMLINK_NOFOLLOW);
            } else {
                // Like tar(1), any other type is a regular file.
                file(content, dir, path, entry, xattrs);
            }
        } catch (SyscallException e) {
            throw ImageException.layer(layer, "entry " + path + ": " + e.getMessage());
        }
        markWritten(path);
        return path;
    }

    private void directory(int dir, String path, TarArchiveEntry entry, Map<String, byte[]> xattrs)
            throws SyscallException {
        String name = Paths.name(path);
        try {
            root.sys().mkdirat(dir, name, 0700);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            // A directory over a directory keeps the lower layer's children; over anything else it replaces it.
            FileStat there = root.stat(dir, name);
            if (there == null || !there.isDirectory()) {
                root.delete(dir, name);
                root.sys().mkdirat(dir, name, 0700);
            }
        }
        owner(dir, name, entry, At.AT_SYMLINK_NOFOLLOW);
        directories.add(new DeferredDirectory(path, mode(entry), entry.getLastModifiedTime().toInstant()));
        directoryXattrs(path, xattrs);
    }

    private void file(InputStream content, int dir, String path, TarArchiveEntry entry, Map<String, byte[]> xattrs)
            throws SyscallException, ImageException, IOException {
        String name = Paths.name(path);
        int fd = replacing(dir, name, () -> root.sys().openat(dir, name, NEW_FILE, 0600));
        boolean complete = false;
        try {
            long copied = 0;
            long written = 0;
            for (int n = content.read(chunk); n != -1; n = content.read(chunk)) {
                // Zeros are skipped, leaving a hole: a sparse entry (or a huge one that claims to be)
                // costs no disk for what it does not hold.
                if (Arrays.mismatch(chunk, 0, n, ZEROS, 0, n) != -1) {
                    direct.clear();
                    direct.put(chunk, 0, n);
                    root.sys().pwriteFully(fd, direct, n, copied);
                    written = copied + n;
                }
                copied += n;
            }
            if (copied != entry.getSize()) {
                throw ImageException.layer(layer, "truncated in the middle of entry " + path);
            }
            if (written < copied) {
                root.sys().ftruncate(fd, copied); // the file ends in a hole
            }
            // chown before chmod: chown clears the setuid and setgid bits.
            owner(fd, "", entry, At.AT_EMPTY_PATH);
            root.sys().fchmod(fd, mode(entry));
            setXattrs(fd, path, xattrs);
            mtime(fd, null, entry.getLastModifiedTime().toInstant(), 0);
            complete = true;
        } finally {
            root.sys().close(fd);
            if (!complete) {
                root.sys().unlinkat(dir, name, 0); // a cut-off file (say a huge sparse claim) is not left half written
            }
        }
    }

    /**
     * A hard link to a file already in the tree. Its target is looked up inside the root like every
     * other path, so a link can never reach a host file.
     */
    private void hardLink(int dir, String path, String linkName) throws SyscallException, ImageException {
        String target = Paths.clean(linkName);
        if (target == null || target.isEmpty()) {
            throw ImageException.layer(layer, "entry " + path + ": hard link to " + linkName
                    + " escapes the rootfs");
        }
        String name = Paths.name(path);
        int targetDir;
        try {
            targetDir = root.directoryIfPresent(Paths.parent(target));
            if (targetDir >= 0 && root.stat(targetDir, Paths.name(target)) != null) {
                replacing(dir, name, () -> root.sys().linkat(targetDir, Paths.name(target), dir, name));
                return;
            }
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) {
                throw e;
            }
        }
        if (whiteouts != Whiteouts.OVERLAY) {
            throw ImageException.layer(layer, "entry " + path + ": hard link to " + linkName
                    + ", which is not in the image");
        }
        lowerLinks.add(new LowerLink(path, target));
    }

    private void whiteout(String parent, String name) throws SyscallException, ImageException {
        int dir = root.directory(parent);
        if (name.equals(OPAQUE_WHITEOUT)) {
            opaqueDirectories.add(parent);
            if (whiteouts == Whiteouts.OVERLAY) {
                int fd = root.open(parent, OPEN_DIR);
                try {
                    root.sys().fsetxattr(fd, opaqueXattr(userns), "y".getBytes(StandardCharsets.US_ASCII));
                } finally {
                    root.sys().close(fd);
                }
            } else {
                int fd = root.open(parent, OPEN_DIR);
                try {
                    removeLower(fd, parent);
                } finally {
                    root.sys().close(fd);
                }
            }
        } else {
            String hidden = name.substring(WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..") || hidden.contains("/")) {
                throw ImageException.layer(layer, "whiteout " + Paths.join(parent, name) + " names no file");
            }
            root.delete(dir, hidden);
            if (whiteouts == Whiteouts.OVERLAY) {
                root.sys().mknodat(root.directory(parent), hidden, FileStat.S_IFCHR, 0, 0);
            }
        }
        markWritten(parent);
    }

    /** Deletes what lower layers left under {@code path}, keeping what this layer wrote. */
    private void removeLower(int dirFd, String path) throws SyscallException {
        for (String child : root.sys().readDirectory(dirFd)) {
            String childPath = Paths.join(path, child);
            if (!written.contains(childPath)) {
                root.delete(dirFd, child);
            } else {
                FileStat stat = root.stat(dirFd, child);
                if (stat != null && stat.isDirectory()) {
                    int fd = root.sys().openat(dirFd, child, OPEN_DIR | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, 0);
                    try {
                        removeLower(fd, childPath);
                    } finally {
                        root.sys().close(fd);
                    }
                }
            }
        }
    }

    /**
     * Runs {@code create}; if something is already there (from a lower layer or earlier in this
     * one) it is removed first, so a new entry never writes through an old hard link or symlink.
     */
    private <T> T replacing(int dir, String name, Creation<T> create) throws SyscallException {
        try {
            return create.run();
        } catch (SyscallException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
            root.delete(dir, name);
            return create.run();
        }
    }

    private void replacing(int dir, String name, VoidCreation create) throws SyscallException {
        replacing(dir, name, () -> {
            create.run();
            return null;
        });
    }

    @FunctionalInterface
    private interface Creation<T> {
        T run() throws SyscallException;
    }

    @FunctionalInterface
    private interface VoidCreation {
        void run() throws SyscallException;
    }

    /** Owner and mtime of a node that is not opened (symlink, device, FIFO). */
    private void attributes(int dir, String name, TarArchiveEntry entry, int flags) throws SyscallException {
        owner(dir, name, entry, flags);
        mtime(dir, name, entry.getLastModifiedTime().toInstant(), flags);
    }

    private void owner(int dirFd, String name, TarArchiveEntry entry, int flags) throws SyscallException {
        if (!root0) {
            return;
        }
        if (userns.mapsUid(entry.getLongUserId()) && userns.mapsGid(entry.getLongGroupId())) {
            root.sys().fchownat(dirFd, name, (int) entry.getLongUserId(), (int) entry.getLongGroupId(), flags);
        } else {
            unmappedOwners++;
        }
    }

    private void mtime(int dirFd, String name, Instant time, int flags) throws SyscallException {
        root.sys().utimensat(dirFd, name, time.getEpochSecond(), time.getNano(), flags);
    }

    /** Xattrs of a directory, set through a descriptor of it. */
    private void directoryXattrs(String path, Map<String, byte[]> xattrs) throws SyscallException {
        if (!xattrs.isEmpty()) {
            int fd = root.open(path, OPEN_DIR);
            try {
                setXattrs(fd, path, xattrs);
            } finally {
                root.sys().close(fd);
            }
        }
    }

    /**
     * Sets the entry's extended attributes, e.g. {@code security.capability}, exactly as the PAX
     * header holds them ({@link PaxXattrs}). Only root may set other than {@code user.} ones, and
     * none may set overlayfs's own.
     */
    private void setXattrs(int fd, String path, Map<String, byte[]> xattrs) throws SyscallException {
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            String name = xattr.getKey();
            if (isOverlayXattr(name) || (!privileged && !name.startsWith("user."))) {
                LOG.log(System.Logger.Level.WARNING, "layer {0}: {1}: skipping xattr {2}", layer, path, name);
            } else {
                root.sys().fsetxattr(fd, name, xattr.getValue());
            }
        }
    }

    /** Sets the modes and mtimes of this layer's directories, now that nothing is added to them. */
    void finish() throws ImageException {
        if (unmappedOwners > 0 && TOLD_UNMAPPED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "rootless with only your own id mapped (no range in /etc/subuid"
                    + " and /etc/subgid, or no newuidmap): {0} files of layer {1} belong to other users in the image"
                    + " but to root in the container (so do any in later layers)", unmappedOwners, layer);
        }
        for (DeferredDirectory dir : directories) {
            try {
                int fd = root.open(dir.path(), OPEN_DIR);
                try {
                    root.sys().fchmod(fd, dir.mode());
                    mtime(fd, null, dir.mtime(), 0);
                } finally {
                    root.sys().close(fd);
                }
            } catch (SyscallException e) {
                // A later entry of this layer may have replaced or deleted the directory.
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR && e.errno() != Errno.ELOOP) {
                    throw ImageException.layer(layer, "directory " + dir.path() + ": " + e.getMessage());
                }
            }
        }
    }

    private void markWritten(String path) {
        String p = path;
        while (!p.isEmpty() && written.add(p)) {
            p = Paths.parent(p);
        }
    }

    private ImageException readFailure(EndAwareInputStream source, String where, IOException e) {
        if (e instanceof EOFException || source.ended()) {
            return ImageException.layer(layer, "truncated in the middle of " + where);
        }
        return ImageException.layer(layer, "corrupt tar at " + where, e);
    }

    /** Linux ids are unsigned 32-bit; (uid_t) -1 means "leave unchanged", so it is no valid id. */
    private void checkOwner(TarArchiveEntry entry, String path) throws ImageException {
        for (long id : new long[] {entry.getLongUserId(), entry.getLongGroupId()}) {
            if (id < 0 || id >= 0xFFFF_FFFFL) {
                throw ImageException.layer(layer, "entry " + path + ": owner id " + id + " out of range");
            }
        }
    }

    private static int mode(TarArchiveEntry entry) {
        return entry.getMode() & 07777;
    }

    private static String after(String previous) {
        return previous == null ? "the first entry" : "the entry after " + previous;
    }
}
