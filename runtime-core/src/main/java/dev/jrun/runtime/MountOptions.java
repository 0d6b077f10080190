package dev.jrun.runtime;

import static dev.jrun.linux.Mount.MS_BIND;
import static dev.jrun.linux.Mount.MS_NOATIME;
import static dev.jrun.linux.Mount.MS_NODEV;
import static dev.jrun.linux.Mount.MS_NODIRATIME;
import static dev.jrun.linux.Mount.MS_NOEXEC;
import static dev.jrun.linux.Mount.MS_NOSUID;
import static dev.jrun.linux.Mount.MS_PRIVATE;
import static dev.jrun.linux.Mount.MS_RDONLY;
import static dev.jrun.linux.Mount.MS_REC;
import static dev.jrun.linux.Mount.MS_RELATIME;
import static dev.jrun.linux.Mount.MS_SHARED;
import static dev.jrun.linux.Mount.MS_SLAVE;
import static dev.jrun.linux.Mount.MS_STRICTATIME;
import static dev.jrun.linux.Mount.MS_UNBINDABLE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A config.json mount's {@code options}, read as mount(8) reads them: flags ({@code ro},
 * {@code nosuid}...), their opposites ({@code rw}, {@code suid}...), {@code bind}/{@code rbind},
 * propagation ({@code rprivate}, {@code rslave}...), and everything else passed to the filesystem
 * as data ({@code mode=755}, {@code size=65536k}, {@code newinstance}).
 *
 * @param flags {@code MS_*} flags set, without bind and propagation
 * @param bind whether the mount is a bind ({@code bind} or {@code rbind})
 * @param recursive {@code rbind}
 * @param propagation {@code MS_PRIVATE}, {@code MS_SLAVE}, {@code MS_SHARED} or
 *                    {@code MS_UNBINDABLE}, with {@code MS_REC} for the r- forms; 0 if none given
 * @param data the filesystem's options, comma-separated; null if none
 */
record MountOptions(long flags, boolean bind, boolean recursive, long propagation, String data) {
    /** Option name to the flag it sets (true) or clears (false). */
    private record Flag(long flag, boolean set) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("ro", new Flag(MS_RDONLY, true)), Map.entry("rw", new Flag(MS_RDONLY, false)),
            Map.entry("nosuid", new Flag(MS_NOSUID, true)), Map.entry("suid", new Flag(MS_NOSUID, false)),
            Map.entry("nodev", new Flag(MS_NODEV, true)), Map.entry("dev", new Flag(MS_NODEV, false)),
            Map.entry("noexec", new Flag(MS_NOEXEC, true)), Map.entry("exec", new Flag(MS_NOEXEC, false)),
            Map.entry("noatime", new Flag(MS_NOATIME, true)), Map.entry("atime", new Flag(MS_NOATIME, false)),
            Map.entry("nodiratime", new Flag(MS_NODIRATIME, true)),
            Map.entry("diratime", new Flag(MS_NODIRATIME, false)),
            Map.entry("relatime", new Flag(MS_RELATIME, true)), Map.entry("norelatime", new Flag(MS_RELATIME, false)),
            Map.entry("strictatime", new Flag(MS_STRICTATIME, true)),
            Map.entry("nostrictatime", new Flag(MS_STRICTATIME, false)),
            // the default behaviour: nothing to set
            Map.entry("async", new Flag(0, true)), Map.entry("defaults", new Flag(0, true)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC, "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC, "unbindable", MS_UNBINDABLE,
            "runbindable", MS_UNBINDABLE | MS_REC);

    static MountOptions parse(List<String> options) {
        long flags = 0;
        boolean bind = false;
        boolean recursive = false;
        long propagation = 0;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            Flag flag = FLAGS.get(option);
            if (flag != null) {
                flags = flag.set() ? flags | flag.flag() : flags & ~flag.flag();
            } else if (PROPAGATION.containsKey(option)) {
                propagation = PROPAGATION.get(option);
            } else if (option.equals("bind") || option.equals("rbind")) {
                bind = true;
                recursive = option.equals("rbind");
            } else {
                data.add(option);
            }
        }
        return new MountOptions(flags, bind, recursive, propagation, data.isEmpty() ? null : String.join(",", data));
    }

    /** The flags together with {@code MS_BIND} and {@code MS_REC} for a bind. */
    long mountFlags() {
        return flags | (bind ? MS_BIND : 0) | (recursive ? MS_REC : 0);
    }
}
