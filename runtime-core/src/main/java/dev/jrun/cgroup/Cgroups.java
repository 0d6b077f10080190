package dev.jrun.cgroup;

import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's cgroup hierarchies, as {@code /proc/self/mountinfo} shows them: cgroup v2 alone
 * (unified), or v1 controllers each on their own mount (hybrid hosts such as Debian's older setups
 * keep an empty v2 beside them, which jrun leaves alone).
 */
public final class Cgroups {

    /**
     * One cgroup filesystem the host has mounted.
     *
     * @param mountPoint where ({@code /sys/fs/cgroup/memory}, {@code /sys/fs/cgroup})
     * @param type {@code cgroup} (v1) or {@code cgroup2}
     * @param options its superblock options ({@code rw,cpu,cpuacct}, {@code rw,xattr,name=systemd})
     */
    public record Hierarchy(Path mountPoint, String type, List<String> options) {
        public Hierarchy {
            options = List.copyOf(options);
        }
    }

    private final Path unified;
    private final Map<String, Path> v1;
    private final List<Hierarchy> mounted;
    /** The calls v2's device program is loaded and attached with. */
    private final Syscalls sys;

    private Cgroups(Path unified, Map<String, Path> v1, List<Hierarchy> mounted, Syscalls sys) {
        this.unified = unified;
        this.v1 = v1;
        this.mounted = List.copyOf(mounted);
        this.sys = sys;
    }

    /** Reads this host's layout; its groups make their calls on the real kernel. */
    public static Cgroups host() throws IOException {
        return host(new LinuxSyscalls());
    }

    /** Reads this host's layout; its groups make their calls through {@code sys}. */
    public static Cgroups host(Syscalls sys) throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")), sys);
    }

    /**
     * The layout that mountinfo lines describe: v1 as soon as one v1 controller is mounted,
     * else v2 where cgroup2 is mounted.
     */
    static Cgroups parse(List<String> mountinfo, Syscalls sys) {
        Path unified = null;
        Map<String, Path> v1 = new LinkedHashMap<>();
        List<Hierarchy> mounted = new java.util.ArrayList<>();
        for (String line : mountinfo) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            Path mountPoint = Path.of(left[4].replace("\\040", " "));
            if ((right[0].equals("cgroup2") || right[0].equals("cgroup")) && right.length > 2) {
                mounted.add(new Hierarchy(mountPoint, right[0], List.of(right[2].split(","))));
            }
            if (right[0].equals("cgroup2") && unified == null) {
                unified = mountPoint;
            } else if (right[0].equals("cgroup") && right.length > 2) {
                for (String option : right[2].split(",")) {
                    if (CgroupV1.CONTROLLERS.contains(option)) {
                        v1.putIfAbsent(option, mountPoint);
                    }
                }
            }
        }
        return new Cgroups(unified, v1, mounted, sys);
    }

    /** Every cgroup filesystem of the host, v1 and v2, in mount order. */
    public List<Hierarchy> mounted() {
        return mounted;
    }

    /** "v1" or "v2": which backend {@link #create} uses. */
    public String version() {
        return v1.isEmpty() ? "v2" : "v1";
    }

    /** A new cgroup {@code parent/name}; its directories exist once this returns. */
    public Cgroup create(String parent, String name) throws IOException {
        if (!v1.isEmpty()) {
            return CgroupV1.create(v1, parent, name);
        }
        if (unified == null) {
            throw new IOException("no cgroup filesystem is mounted (neither cgroup2 nor v1 controllers)");
        }
        return CgroupV2.create(unified, parent, name, sys, false);
    }

    /**
     * Rootless: a cgroup {@code parent/name} inside the subtree delegated to the user (the highest
     * ancestor of jrun's own v2 cgroup that the user owns, as systemd's {@code Delegate=yes} gives
     * {@code user@UID.service}), or a {@link NoCgroup} saying why there is none.
     *
     * @param ownCgroup jrun's cgroup, from {@code /proc/self/cgroup} ({@code 0::/PATH})
     */
    public Cgroup createDelegated(String parent, String name, String ownCgroup) throws IOException {
        if (!v1.isEmpty() || unified == null) {
            return new NoCgroup("cgroup v1 cannot be delegated to a user (a cgroup v2 host can)");
        }
        Path delegated = null;
        for (Path dir = unified.resolve(ownCgroup.replaceFirst("^/", "")); dir.startsWith(unified)
                && !dir.equals(unified) && ownedByUs(dir, sys.geteuid()); dir = dir.getParent()) {
            delegated = dir;
        }
        if (delegated == null) {
            return new NoCgroup("no cgroup v2 subtree is delegated to this user (systemd gives one to"
                    + " `systemd-run --user --scope -p Delegate=yes`)");
        }
        return CgroupV2.create(delegated, parent, name, sys, true);
    }

    /** jrun's own v2 cgroup path, as {@code /proc/self/cgroup} names it. */
    public static String ownV2Cgroup() throws IOException {
        return ownCgroups().getOrDefault("", "/");
    }

    /**
     * The groups this JVM is in, from {@code /proc/self/cgroup} ({@code ID:CONTROLLERS:PATH} lines):
     * each controller ({@code memory}, {@code name=systemd}; {@code ""} for v2) to its group's path
     * ({@code /user.slice}), which is relative to the hierarchy's root.
     */
    public static Map<String, String> ownCgroups() throws IOException {
        Map<String, String> own = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3) {
                for (String controller : fields[1].split(",")) {
                    own.put(controller, fields[2]);
                }
            }
        }
        return own;
    }

    /** Owned by {@code uid}, this process's (root of its user namespace: the user, on the host). */
    private static boolean ownedByUs(Path dir, int uid) throws IOException {
        return (Integer) Files.getAttribute(dir, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS) == uid
                && Files.isWritable(dir.resolve("cgroup.procs"));
    }

    /** Moves process {@code pid} into the cgroup made of {@code directories} (one per v1 controller, one on v2). */
    public static void join(List<Path> directories, int pid) throws IOException {
        for (Path dir : directories) {
            CgroupFiles.write(dir, "cgroup.procs", Integer.toString(pid));
        }
    }

    /**
     * Removes the directories of a cgroup; its processes must have exited. A task that has just
     * exited can hold the group for a moment (its exit is not complete in the kernel yet), and rmdir
     * then says EBUSY: like runc, retry with a growing pause, at most about a second in all.
     */
    public static void remove(List<Path> directories) throws IOException {
        for (Path dir : directories) {
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.deleteIfExists(dir); // rmdir: cgroupfs refuses recursive deletes and needs none
                    break;
                } catch (java.nio.file.FileSystemException e) {
                    if (attempt >= 10 || !"Device or resource busy".equals(e.getReason())) {
                        throw new IOException("removing cgroup " + dir + ": " + e.getMessage(), e);
                    }
                    pause(1L << attempt);
                }
            }
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing a cgroup", e);
        }
    }
}
