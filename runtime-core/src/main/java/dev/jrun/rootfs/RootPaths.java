package dev.jrun.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Maps a path inside a container rootfs to the host path it names, resolving symlinks the way the
 * kernel would after {@code chroot(root)}: absolute targets restart at {@code root} and {@code ..}
 * stops at it, so no symlink in the rootfs can lead out of it. Unlike a canonical path, the host's
 * own view of those symlinks never matters.
 */
public final class RootPaths {

    /** The kernel's limit on symlinks followed in one lookup (MAXSYMLINKS). */
    static final int MAX_LINK_HOPS = 40;

    private RootPaths() {
    }

    /** The host path of {@code containerPath}; every parent symlink is resolved, the last component is not. */
    public static Path resolve(Path root, String containerPath) throws IOException {
        return resolve(root, containerPath, false);
    }

    /** Like {@link #resolve} but also follows a final symlink, still inside {@code root}. */
    public static Path resolveFollowing(Path root, String containerPath) throws IOException {
        return resolve(root, containerPath, true);
    }

    private static Path resolve(Path root, String containerPath, boolean followLast) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pushFront(pending, containerPath);
        List<String> resolved = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            Path host = root.resolve(String.join("/", resolved)).resolve(name);
            if ((pending.isEmpty() && !followLast) || !Files.isSymbolicLink(host)) {
                resolved.add(name);
                continue;
            }
            if (++hops > MAX_LINK_HOPS) {
                throw new IOException(containerPath + ": too many levels of symbolic links");
            }
            String target = Files.readSymbolicLink(host).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            pushFront(pending, target);
        }
        return root.resolve(String.join("/", resolved));
    }

    /** Puts the components of {@code path} in front of {@code pending}, dropping empty ones and ".". */
    private static void pushFront(Deque<String> pending, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            if (!names[i].isEmpty() && !names[i].equals(".")) {
                pending.addFirst(names[i]);
            }
        }
    }
}
