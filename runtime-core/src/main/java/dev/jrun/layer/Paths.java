package dev.jrun.layer;

import java.util.ArrayList;
import java.util.List;

/** Container paths as layer tars name them, cleaned to a relative form ("a/b/c"). */
final class Paths {

    private Paths() {
    }

    /**
     * {@code name} as a clean relative path: "." and empty parts dropped, a leading "/" ignored,
     * ".." applied; null if it climbs above the root (such a name is refused, not clamped).
     */
    static String clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** Like {@link #clean} but ".." stops at the root, as the kernel resolves a symlink after chroot. */
    static String cleanInRoot(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    static String parent(String path) {
        return path.substring(0, Math.max(0, path.lastIndexOf('/')));
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
