package dev.jrun.runtime;

import dev.jrun.linux.Rlimits;
import java.util.List;
import java.util.Locale;

/**
 * One {@code --ulimit NAME=SOFT[:HARD]}: a resource limit the container's first process gets before
 * it execs (and its children inherit). -1 is unlimited.
 *
 * @param resource the {@code RLIMIT_*} number ({@code <asm-generic/resource.h>}, the same on x86_64 and aarch64)
 */
public record Ulimit(String name, int resource, long soft, long hard) {

    /** The names of docker's that jrun takes. */
    private static final List<String> OFFERED = List.of("nofile", "nproc", "fsize", "cpu", "core", "stack", "memlock",
            "as");

    public Ulimit {
        if (soft != -1 && hard != -1 && Long.compareUnsigned(soft, hard) > 0) {
            throw new IllegalArgumentException("--ulimit " + name + ": soft limit " + soft + " is above the hard limit "
                    + hard);
        }
    }

    /** Parses {@code nofile=1024:2048}, {@code fsize=1048576}, {@code core=unlimited}. */
    public static Ulimit parse(String text) {
        int equals = text.indexOf('=');
        String name = equals < 0 ? text : text.substring(0, equals).toLowerCase(Locale.ROOT);
        if (equals < 0 || !OFFERED.contains(name)) {
            throw new IllegalArgumentException("--ulimit " + text + ": want NAME=SOFT[:HARD] with NAME one of "
                    + String.join(", ", OFFERED));
        }
        String[] values = text.substring(equals + 1).split(":", -1);
        if (values.length > 2) {
            throw new IllegalArgumentException("--ulimit " + text + ": want NAME=SOFT[:HARD]");
        }
        long soft = value(text, values[0]);
        return new Ulimit(name, Rlimits.number(name), soft, values.length == 2 ? value(text, values[1]) : soft);
    }

    private static long value(String text, String value) {
        if (value.equals("unlimited") || value.equals("-1")) {
            return -1;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--ulimit " + text + ": " + value + " is no limit (a number or unlimited)");
    }

    @Override
    public String toString() {
        return name + "=" + (soft == -1 ? "unlimited" : soft) + ":" + (hard == -1 ? "unlimited" : hard);
    }
}
