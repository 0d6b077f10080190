package dev.jrun.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --user} and {@code --group-add} resolved as docker resolves them, in the image's own
 * /etc/passwd and /etc/group (read inside the rootfs, never the host's): {@code UID}, {@code NAME},
 * either with {@code :GID} or {@code :GROUP}; a numeric uid needs no entry, a name does.
 */
public final class ImageUsers {
    /** The resolved user: ids, supplementary groups, and the home directory ({@code /} without an entry). */
    public record User(int uid, int gid, List<Integer> groups, String home) {}

    private record Passwd(String name, int uid, int gid, String home) {}

    private record Group(String name, int gid, List<String> members) {}

    private final List<Passwd> passwd;
    private final List<Group> groups;

    private ImageUsers(List<Passwd> passwd, List<Group> groups) {
        this.passwd = passwd;
        this.groups = groups;
    }

    /** Reads the rootfs's /etc/passwd and /etc/group (missing files count as empty). */
    public static ImageUsers of(Path rootfs) throws IOException {
        List<Passwd> passwd = new ArrayList<>();
        for (String[] f : entries(rootfs, "/etc/passwd", 6)) {
            passwd.add(new Passwd(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]));
        }
        List<Group> groups = new ArrayList<>();
        for (String[] f : entries(rootfs, "/etc/group", 3)) {
            groups.add(new Group(f[0], Integer.parseInt(f[2]),
                    f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of()));
        }
        return new ImageUsers(passwd, groups);
    }

    /** The lines of a colon-separated file with at least {@code fields} fields and numeric ids; others are skipped. */
    private static List<String[]> entries(Path rootfs, String file, int fields) throws IOException {
        Path path = RootPaths.resolveFollowing(rootfs, file);
        List<String[]> out = new ArrayList<>();
        if (!Files.isRegularFile(path)) {
            return out;
        }
        for (String line : Files.readAllLines(path)) {
            String[] f = line.split(":", -1);
            if (f.length >= fields && f[2].matches("\\d{1,9}") && (fields < 4 || f[3].matches("\\d{1,9}"))) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * @param user {@code UID}, {@code NAME}, {@code UID:GID}, {@code NAME:GROUP}, ...; null or empty: root
     * @throws IllegalArgumentException naming a user or group the image does not have
     */
    public User resolve(String user, List<String> groupAdd) {
        String spec = user == null || user.isEmpty() ? "0" : user;
        String userPart = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String groupPart = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : null;
        Optional<Passwd> entry = isId(userPart)
                ? passwd.stream().filter(p -> p.uid() == Integer.parseInt(userPart)).findFirst()
                : passwd.stream().filter(p -> p.name().equals(userPart)).findFirst();
        if (entry.isEmpty() && !isId(userPart)) {
            throw new IllegalArgumentException("unable to find user " + userPart
                    + ": no matching entries in the image's /etc/passwd");
        }
        int uid = isId(userPart) ? Integer.parseInt(userPart) : entry.get().uid();
        int gid = groupPart != null ? group(groupPart) : entry.map(Passwd::gid).orElse(0);
        Set<Integer> extra = new LinkedHashSet<>();
        if (groupPart == null && entry.isPresent()) {
            String name = entry.get().name();
            groups.stream().filter(g -> g.members().contains(name)).forEach(g -> extra.add(g.gid()));
        }
        for (String g : groupAdd) {
            extra.add(group(g));
        }
        extra.remove(gid);
        return new User(uid, gid, List.copyOf(extra), entry.map(Passwd::home).orElse("/"));
    }

    private int group(String group) {
        if (isId(group)) {
            return Integer.parseInt(group);
        }
        return groups.stream().filter(g -> g.name().equals(group)).findFirst().map(Group::gid)
                .orElseThrow(() -> new IllegalArgumentException("unable to find group " + group
                        + ": no matching entries in the image's /etc/group"));
    }

    private static boolean isId(String s) {
        return s.matches("\\d{1,9}");
    }
}
