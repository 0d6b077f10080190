package dev.jrun.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** docker's memory sizes: {@code 64m}, {@code 1.5g}, {@code 512MiB}, {@code 1024} (bytes); units are binary. */
final class ByteSize implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("invalid size " + value + " (want a number with an optional unit b, k, m,"
                    + " g, t or p, e.g. 64m)");
        }
        int shift = m.group(2) == null ? 0 : 10 * ("kmgtp".indexOf(m.group(2)) + 1);
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }

    /** {@code 67108864} as {@code 64 MiB}, for messages. */
    static String render(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return (long) value + " " + units[unit];
    }
}
