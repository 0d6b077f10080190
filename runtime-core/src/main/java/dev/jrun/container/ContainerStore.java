package dev.jrun.container;

import dev.jrun.linux.Signals;
import dev.jrun.rootfs.HostTrees;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import dev.jrun.cgroup.Cgroups;
import dev.jrun.image.Digest;
import dev.jrun.network.NetworkAttachments;
import dev.jrun.rootfs.OverlayRootfs;

/**
 * Where containers live: state under the state root (default /run/jrun, gone at reboot), rootfs
 * copies under the data root (default /var/lib/jrun/containers). A container whose lock is free
 * belongs to a runtime that died (kill -9, power cut): its leftovers are reaped on the next use of
 * its name, so an interrupted run never blocks a later one.
 */
public final class ContainerStore {
    /** How long a stale container's process gets to die after SIGKILL. */
    private static final int REAP_TIMEOUT_MILLIS = 10_000;

    private final Path stateRoot;
    private final Path dataRoot;
    private final Syscalls sys;

    public ContainerStore(Path stateRoot, Path dataRoot, Syscalls sys) {
        this.stateRoot = stateRoot.toAbsolutePath();
        this.dataRoot = dataRoot.toAbsolutePath();
        this.sys = sys;
    }

    /**
     * A new 64-hex container id, from the kernel's random source. Read directly: setting up
     * SecureRandom costs a start of jrun about 5 ms, for the same bytes.
     */
    public static String newId() throws IOException {
        try (InputStream in = new FileInputStream("/dev/urandom")) {
            return HexFormat.of().formatHex(in.readNBytes(32));
        }
    }

    /**
     * Creates and locks the directories of container {@code name}. A name in use by a live runtime,
     * or kept with --keep, is refused; one left by a dead runtime is reaped first.
     */
    public ContainerDirs create(ContainerName name) throws IOException {
        requireOwnStateRoot();
        Path stateDir = stateRoot.resolve(name.value());
        try {
            Files.createDirectory(stateDir);
        } catch (FileAlreadyExistsException e) {
            reapStale(name, stateDir);
            Files.createDirectory(stateDir);
        }
        FileChannel channel = openLock(stateDir);
        FileLock lock = channel.lock();
        Path containerDir = containerDir(name);
        detachRootfs(containerDir); // a runtime that died mid-launch may have left it mounted
        HostTrees.delete(containerDir);
        ContainerDirs dirs = new ContainerDirs(stateDir, containerDir, channel, lock);
        Files.createDirectories(dirs.rootfs());
        Files.writeString(containerDir.resolve(ContainerDirs.STATE_DIR_FILE), stateDir.toString());
        Files.createDirectories(dirs.upper());
        Files.createDirectories(dirs.work());
        return dirs;
    }

    /**
     * Creates and locks the state directory of a bundle's container {@code id} (OCI {@code create}):
     * no rootfs of its own, the bundle has one. An id in use is refused, whatever its state.
     */
    public ContainerDirs createForBundle(ContainerName id) throws IOException {
        requireOwnStateRoot();
        Path stateDir = stateRoot.resolve(id.value());
        try {
            Files.createDirectory(stateDir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("container " + id + " already exists", e);
        }
        FileChannel channel = openLock(stateDir);
        return new ContainerDirs(stateDir, null, channel, channel.lock());
    }

    /**
     * Locks the existing container {@code id}, waiting while another command holds it, and returns
     * its directories and state.
     *
     * @throws NoSuchFileException "container ID does not exist"
     */
    public ContainerDirs open(ContainerName id) throws IOException {
        Path stateDir = stateRoot.resolve(id.value());
        FileChannel channel;
        try {
            channel = FileChannel.open(stateDir.resolve(ContainerDirs.LOCK_FILE), StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(stateDir.toString(), null, "container " + id + " does not exist");
        }
        try {
            FileLock lock = heldByItsRuntime(stateDir) ? tryLock(channel) : channel.lock();
            if (lock == null) {
                throw new IOException("container " + id + " is held by the jrun that runs it in the foreground (stop"
                        + " that one, or `jrun kill " + id + "`)");
            }
            Path containerDir = Files.isDirectory(containerDir(id)) ? containerDir(id) : null; // none for OCI create's
            return new ContainerDirs(stateDir, containerDir, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A foreground {@code jrun run} holds its container's lock until it ends: a command must not wait
     * that long for it. Other containers' locks are held for one command at a time.
     */
    private static boolean heldByItsRuntime(Path stateDir) throws IOException {
        ContainerState state = ContainerDirs.readState(stateDir);
        return !state.fromBundle() && !state.status().equals("stopped");
    }

    /**
     * The state of container {@code id} as last written, without its lock (the file is replaced
     * atomically, so it is whole).
     *
     * @throws NoSuchFileException "container ID does not exist"
     */
    public ContainerState read(ContainerName id) throws IOException {
        Path stateDir = stateDir(id);
        try {
            return ContainerDirs.readState(stateDir);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(stateDir.toString(), null, "container " + id + " does not exist");
        }
    }

    /** The OCI bundle of a container: the one it was created from, or its own directory (jrun run). */
    public Path bundle(ContainerState state) {
        return state.bundle() != null ? Path.of(state.bundle()) : containerDir(new ContainerName(state.name()));
    }

    /** Where container {@code id}'s state is kept. */
    public Path stateDir(ContainerName id) {
        return stateRoot.resolve(id.value());
    }

    /** The states of every container under the state root, by name. */
    public List<ContainerState> list() throws IOException {
        List<ContainerState> states = new ArrayList<>();
        for (Path stateDir : subdirectories(stateRoot)) {
            try {
                states.add(ContainerDirs.readState(stateDir));
            } catch (NoSuchFileException beingCreatedOrRemoved) {
                // no state yet, or no longer
            }
        }
        return states;
    }

    /**
     * The state root holds the barrier FIFOs and the state every command trusts, so it must be this
     * user's alone: made 0700 if missing, and refused if it is a symlink, another user's, or writable
     * by others (say a rootless fallback in /tmp that another user made first).
     */
    private void requireOwnStateRoot() throws IOException {
        if (!Files.exists(stateRoot, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(stateRoot.getParent());
            try {
                Files.createDirectory(stateRoot, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // another jrun made it a moment ago: checked below like any existing one
            }
        }
        Map<String, Object> a = Files.readAttributes(stateRoot, "unix:uid,mode,isDirectory", LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) a.get("uid");
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!(Boolean) a.get("isDirectory")) {
            throw new IOException("state root " + stateRoot + " is not a directory (a symlink is not followed)");
        }
        if (owner != self || ((Integer) a.get("mode") & 022) != 0) {
            throw new IOException("state root " + stateRoot + " belongs to uid " + owner + " with mode "
                    + Integer.toOctalString((Integer) a.get("mode") & 07777) + ": it must be this user's (uid " + self
                    + ") and writable by no one else (another user may have made it; remove it, or set"
                    + " XDG_RUNTIME_DIR or --root)");
        }
    }

    /** Disconnects it from its network and deletes both directories; releases the lock. */
    public void remove(ContainerDirs dirs) throws IOException {
        try {
            leaveNetwork(dirs);
            removeCgroup(dirs.stateDir());
            if (dirs.containerDir() != null) {
                detachRootfs(dirs.containerDir());
                HostTrees.delete(dirs.containerDir());
            }
            HostTrees.delete(dirs.stateDir());
        } finally {
            dirs.close();
        }
    }

    /** Removes a stopped container kept with --keep (or one whose runtime died). */
    public void remove(ContainerName name) throws IOException {
        Path stateDir = stateRoot.resolve(name.value());
        if (!Files.isDirectory(stateDir)) {
            throw new NoSuchFileException(stateDir.toString(), null, "no such container: " + name);
        }
        removeUnlocked(name, stateDir, false);
    }

    private void reapStale(ContainerName name, Path stateDir) throws IOException {
        removeUnlocked(name, stateDir, true);
    }

    /**
     * Removes every container whose runtime died (its lock is free) and that was not kept with --keep:
     * kills what is left of its processes, removes its cgroup and directories. Also deletes container
     * directories whose state directory is gone (state roots are on tmpfs, emptied by a reboot). Returns the
     * names removed. A lock-free container with no state file yet is left alone for a minute: it may
     * be one that another runtime is creating this very moment.
     */
    public List<String> reapAllStale() throws IOException {
        List<String> reaped = new ArrayList<>();
        for (Path stateDir : subdirectories(stateRoot)) {
            ContainerName name = ContainerName.parseOrNull(stateDir.getFileName().toString());
            if (name == null || isKept(stateDir) || !settled(stateDir)) {
                continue;
            }
            try {
                removeUnlocked(name, stateDir, true);
                reaped.add(name.value());
            } catch (LockedException e) {
                // a live runtime's container
            }
        }
        for (Path containerDir : subdirectories(dataRoot.resolve("containers"))) {
            Path owner = containerDir.resolve(ContainerDirs.STATE_DIR_FILE);
            if (Files.exists(owner) && !Files.exists(Path.of(Files.readString(owner)))) {
                detachRootfs(containerDir);
                HostTrees.delete(containerDir);
                reaped.add(containerDir.getFileName().toString());
            }
        }
        return reaped;
    }

    private static boolean settled(Path stateDir) throws IOException {
        return Files.exists(stateDir.resolve(ContainerDirs.STATE_FILE))
                || Files.getLastModifiedTime(stateDir).toMillis() < System.currentTimeMillis() - 60_000;
    }

    private static List<Path> subdirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The container's lock is held: a live runtime owns it. */
    private static final class LockedException extends IOException {
        LockedException() {
            super("the name is in use by a running container");
        }
    }

    /**
     * Removes a container nobody holds the lock of: kills what is left of its process, deletes its
     * directories. {@code sparingKept}: a container kept with --keep is refused rather than removed.
     */
    private void removeUnlocked(ContainerName name, Path stateDir, boolean sparingKept) throws IOException {
        try (FileChannel channel = openLock(stateDir); FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new LockedException();
            }
            if (sparingKept && isKept(stateDir)) {
                throw new IOException("already exists (" + (fromBundle(stateDir) ? "created from a bundle): remove it"
                        + " with `jrun delete " : "kept with --keep): remove it with `jrun rm ") + name + "`");
            }
            killIfAlive(stateDir);
            NetworkAttachments.release(sys, stateDir);
            removeCgroup(stateDir);
            detachRootfs(containerDir(name));
            HostTrees.delete(containerDir(name));
            HostTrees.delete(stateDir);
        }
    }

    /**
     * Takes the rootfs overlay out of the host's mount table; a started container keeps its own
     * copy in its mount namespace. Called once the container runs, and before any deletion, so a
     * delete never walks into a mounted tree.
     */
    public void detachRootfs(ContainerDirs dirs) throws IOException {
        if (dirs.containerDir() != null) { // a bundle's rootfs is its owner's
            detachRootfs(dirs.containerDir());
        }
    }

    private void detachRootfs(Path containerDir) throws IOException {
        try {
            OverlayRootfs.unmount(sys, containerDir.resolve("rootfs"));
        } catch (SyscallException e) {
            throw new IOException("unmounting the rootfs: " + e.getMessage(), e);
        }
    }

    /**
     * Disconnects a container whose processes are gone from its CNI network, if it has one (CNI DEL):
     * at its removal, and when a kept one stops, so it holds no address, interface or port meanwhile.
     */
    public void leaveNetwork(ContainerDirs dirs) throws IOException {
        NetworkAttachments.release(sys, dirs.stateDir());
    }

    /** Removes the container's cgroup (its processes are gone by now), if it had one. */
    private static void removeCgroup(Path stateDir) throws IOException {
        Cgroups.remove(ContainerDirs.cgroup(stateDir));
    }

    /** The stored layers that existing containers (running, kept or left by a dead runtime) are made of. */
    public Set<Digest> layersInUse() throws IOException {
        Set<Digest> used = new HashSet<>();
        Path containers = dataRoot.resolve("containers");
        if (!Files.isDirectory(containers)) {
            return used;
        }
        try (Stream<Path> dirs = Files.list(containers)) {
            for (Path dir : dirs.toList()) {
                Path layers = dir.resolve(ContainerDirs.LAYERS_FILE);
                if (Files.exists(layers)) {
                    Files.readAllLines(layers).forEach(l -> used.add(Digest.parse(l)));
                }
            }
        }
        return used;
    }

    private Path containerDir(ContainerName name) {
        return dataRoot.resolve("containers").resolve(name.value());
    }

    private static FileChannel openLock(Path stateDir) throws IOException {
        return FileChannel.open(stateDir.resolve(ContainerDirs.LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
    }

    /** Kept with --keep and stopped, or a bundle's container: neither is a dead runtime's leftover. */
    private static boolean isKept(Path stateDir) {
        try {
            ContainerState state = ContainerDirs.readState(stateDir);
            return state.fromBundle() || (state.keep() && state.status().equals("stopped"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean fromBundle(Path stateDir) {
        try {
            return ContainerDirs.readState(stateDir).fromBundle();
        } catch (IOException e) {
            return false;
        }
    }

    /** A dead runtime's container may still run: kill it (only if the pid is still that process). */
    private void killIfAlive(Path stateDir) throws IOException {
        ContainerState state;
        try {
            state = ContainerDirs.readState(stateDir);
        } catch (IOException e) {
            return; // the runtime died before the process existed
        }
        if (state.pid() <= 0 || ProcessInfo.startTime(state.pid()) != state.pidStartTime()) {
            return;
        }
        try {
            int pidFd = sys.pidfdOpen(state.pid());
            try {
                sys.pidfdSendSignal(pidFd, Signals.SIGKILL);
                // a pidfd becomes readable when its process has exited
                if (sys.pollIn(new int[] {pidFd}, REAP_TIMEOUT_MILLIS) < 0) {
                    throw new IOException("stale container process " + state.pid() + " did not die after SIGKILL");
                }
            } finally {
                sys.close(pidFd);
            }
        } catch (SyscallException e) {
            throw new IOException("killing stale container process " + state.pid() + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }
}
