package dev.jrun.linux;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names for the bits of one flag word, so errors and {@code --explain} print
 * {@code CLONE_NEWNS|CLONE_NEWPID} instead of {@code 0x20020000}.
 */
public final class FlagNames {
    private final Map<String, Long> bits = new LinkedHashMap<>();

    /** Adds a named bit (or multi-bit value); order of calls is the order printed. */
    FlagNames add(String name, long value) {
        bits.put(name, value);
        return this;
    }

    /** Renders {@code value} as {@code A|B}, with leftover bits in hex; {@code 0} when empty. */
    public String render(long value) {
        StringBuilder out = new StringBuilder();
        long rest = value;
        for (Map.Entry<String, Long> bit : bits.entrySet()) {
            long v = bit.getValue();
            if (v != 0 && (rest & v) == v) {
                append(out, bit.getKey());
                rest &= ~v;
            }
        }
        if (rest != 0 || out.length() == 0) {
            append(out, "0x" + Long.toHexString(rest));
        }
        return out.toString();
    }

    /** Renders a value that is one of the names (an enumeration, not a bit set). */
    public String renderValue(long value) {
        for (Map.Entry<String, Long> e : bits.entrySet()) {
            if (e.getValue() == value) {
                return e.getKey();
            }
        }
        return Long.toString(value);
    }

    private static void append(StringBuilder out, String name) {
        if (out.length() > 0) {
            out.append('|');
        }
        out.append(name);
    }
}
