package dev.jrun.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user namespace a process runs in, as its id maps show it. In the initial namespace every id
 * maps to itself; rootless jrun runs as root of a namespace its launcher made, where only the
 * user's own id (and, through newuidmap, its /etc/subuid range) is mapped.
 *
 * @param uids {@code /proc/self/uid_map}
 * @param gids {@code /proc/self/gid_map}
 * @param setgroupsAllowed {@code /proc/self/setgroups} says allow: a single-id mapping made without
 *                         newgidmap must deny setgroups(2), so supplementary groups cannot be set
 */
public record UserNamespace(List<IdRange> uids, List<IdRange> gids, boolean setgroupsAllowed) {

    /** One line of an id map: {@code count} ids from {@code inside} are {@code outside} in the parent namespace. */
    public record IdRange(long inside, long outside, long count) {}

    /** The whole 32-bit id space, mapped to itself: the initial namespace. */
    private static final List<IdRange> IDENTITY = List.of(new IdRange(0, 0, 4294967295L));

    public UserNamespace {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /** The calling process's namespace, read once: a JVM, being threaded, never changes it. */
    public static UserNamespace current() {
        return Current.VALUE;
    }

    private static final class Current {
        static final UserNamespace VALUE = read();
    }

    private static UserNamespace read() {
        try {
            Path proc = Path.of("/proc/self");
            return new UserNamespace(parse(Files.readAllLines(proc.resolve("uid_map"))),
                    parse(Files.readAllLines(proc.resolve("gid_map"))),
                    !Files.readString(proc.resolve("setgroups")).strip().equals("deny"));
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/self/uid_map, gid_map and setgroups", e);
        }
    }

    /** The lines of an id map file. */
    static List<IdRange> parse(List<String> lines) {
        List<IdRange> ranges = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                ranges.add(new IdRange(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return ranges;
    }

    /** True in the initial namespace (or one mapping all ids to themselves): not rootless. */
    public boolean initial() {
        return uids.equals(IDENTITY);
    }

    public boolean mapsUid(long uid) {
        return outside(uids, uid) >= 0;
    }

    public boolean mapsGid(long gid) {
        return outside(gids, gid) >= 0;
    }

    /** Host uid of {@code uid} of this namespace, or -1 where it is not mapped. */
    public long hostUid(long uid) {
        return outside(uids, uid);
    }

    /** Host gid of {@code gid} of this namespace, or -1 where it is not mapped. */
    public long hostGid(long gid) {
        return outside(gids, gid);
    }

    /** How many uids are mapped: 1 for a single-id mapping, 65537 with a typical subuid range. */
    public long mappedUids() {
        return uids.stream().mapToLong(IdRange::count).sum();
    }

    private static long outside(List<IdRange> ranges, long id) {
        for (IdRange r : ranges) {
            if (id >= r.inside() && id - r.inside() < r.count()) {
                return r.outside() + (id - r.inside());
            }
        }
        return -1;
    }
}
