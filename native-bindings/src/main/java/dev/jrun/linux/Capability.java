package dev.jrun.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * Capability numbers and names, from {@code <linux/capability.h>} (0 to 40, CAP_CHECKPOINT_RESTORE,
 * as of Linux 5.9). A set of them is a {@code long} bit mask: bit N is capability N.
 */
public final class Capability {
    private static final List<String> NAMES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
            "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** The highest capability number this code knows a name for. */
    public static final int LAST_KNOWN = NAMES.size() - 1;

    private Capability() {}

    /**
     * The number of {@code name} ({@code CAP_SYS_ADMIN} or {@code sys_admin}, any case; {@code CAP_41}
     * as {@link #name} writes one newer than this code), or -1.
     */
    public static int number(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (upper.matches("CAP_[0-9]{1,2}") && Integer.parseInt(upper.substring(4)) < 64) {
            return Integer.parseInt(upper.substring(4));
        }
        return NAMES.indexOf(upper.startsWith("CAP_") ? upper : "CAP_" + upper);
    }

    /** The name of capability {@code number}, or {@code CAP_<number>} for one newer than this code. */
    public static String name(int number) {
        return number >= 0 && number <= LAST_KNOWN ? NAMES.get(number) : "CAP_" + number;
    }

    /** The names in {@code mask}, lowest first. */
    public static List<String> names(long mask) {
        List<String> names = new ArrayList<>();
        for (int cap = 0; cap < 64; cap++) {
            if ((mask & (1L << cap)) != 0) {
                names.add(name(cap));
            }
        }
        return names;
    }
}
