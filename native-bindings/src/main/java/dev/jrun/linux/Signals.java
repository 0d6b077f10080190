package dev.jrun.linux;

/**
 * Signal numbers from {@code <asm-generic/signal.h>}; x86_64 and aarch64 agree on 1-31.
 * Names are accepted with or without the {@code SIG} prefix, in any case.
 */
public final class Signals {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGTERM = 15;

    private static final String[] NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
        "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
        "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
    };

    private Signals() {}

    /** {@code SIGTERM} for 15; {@code SIG35} for a real-time or unknown number. */
    public static String name(int signal) {
        return signal > 0 && signal < NAMES.length ? "SIG" + NAMES[signal] : "SIG" + signal;
    }

    /** Parses {@code TERM}, {@code SIGTERM}, {@code sigterm} or {@code 15}. */
    public static int parse(String text) {
        String upper = text.trim().toUpperCase(java.util.Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(bare)) {
                return i;
            }
        }
        try {
            int n = Integer.parseInt(bare);
            if (n > 0 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("unknown signal: " + text);
    }
}
