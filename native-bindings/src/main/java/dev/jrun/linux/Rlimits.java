package dev.jrun.linux;

import java.util.List;
import java.util.Locale;

/** The resource limits of setrlimit(2) and prlimit(2), numbered as {@code <asm-generic/resource.h>} (x86_64 and aarch64 alike). */
public final class Rlimits {
    /** In number order: RLIMIT_CPU is 0, RLIMIT_RTTIME 15. */
    private static final List<String> NAMES = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
            "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
            "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    private Rlimits() {}

    /** Whether {@code name} is a limit's name exactly as the kernel headers spell it ({@code RLIMIT_NOFILE}). */
    public static boolean isHeaderName(String name) {
        return NAMES.contains(name);
    }

    /** The number of {@code name} ({@code RLIMIT_NOFILE}, or docker's {@code nofile}, any case), or -1. */
    public static int number(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return NAMES.indexOf(upper.startsWith("RLIMIT_") ? upper : "RLIMIT_" + upper);
    }
}
