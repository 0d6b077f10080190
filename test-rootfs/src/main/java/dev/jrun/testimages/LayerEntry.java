package dev.jrun.testimages;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One entry of a layer tar as {@link DockerArchiveWriter} writes it. Paths are relative to the
 * image root ("bin/sh"; a leading "/" is dropped); {@code mode} holds only permission, setuid,
 * setgid and sticky bits, since the kind carries the file type.
 */
public record LayerEntry(Kind kind, String path, int mode, int uid, int gid, String linkTarget, byte[] data) {

    public enum Kind { DIRECTORY, FILE, SYMLINK, HARD_LINK }

    public LayerEntry {
        Objects.requireNonNull(kind, "kind");
        path = relative(path);
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException(path + ": mode " + Integer.toOctalString(mode) + " has bits beyond 07777");
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException(path + ": negative uid or gid");
        }
        boolean isLink = kind == Kind.SYMLINK || kind == Kind.HARD_LINK;
        if (isLink == (linkTarget == null)) {
            throw new IllegalArgumentException(path + ": a link target is required exactly for links");
        }
        // Hard link targets name another entry of the same tar, so they get the same form as paths.
        linkTarget = kind == Kind.HARD_LINK ? relative(linkTarget) : linkTarget;
        data = kind == Kind.FILE ? Objects.requireNonNull(data, "data").clone() : new byte[0];
    }

    public static LayerEntry directory(String path, int mode) {
        return new LayerEntry(Kind.DIRECTORY, path, mode, 0, 0, null, null);
    }

    public static LayerEntry file(String path, int mode, byte[] data) {
        return new LayerEntry(Kind.FILE, path, mode, 0, 0, null, data);
    }

    public static LayerEntry file(String path, int mode, String text) {
        return file(path, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    public static LayerEntry symlink(String path, String target) {
        return new LayerEntry(Kind.SYMLINK, path, 0777, 0, 0, target, null);
    }

    public static LayerEntry hardLink(String path, String target) {
        return new LayerEntry(Kind.HARD_LINK, path, 0644, 0, 0, target, null);
    }

    public LayerEntry ownedBy(int newUid, int newGid) {
        return new LayerEntry(kind, path, mode, newUid, newGid, linkTarget, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    private static String relative(String path) {
        Objects.requireNonNull(path, "path");
        String stripped = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("empty entry path: '" + path + "'");
        }
        return stripped;
    }
}
