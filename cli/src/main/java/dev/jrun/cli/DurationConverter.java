package dev.jrun.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as docker and timeout(1) write them: {@code 500ms}, {@code 30s}, {@code 1.5m}, {@code 2h}; a bare number is seconds. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("invalid duration " + value + " (want e.g. 500ms, 30s, 1.5m or 2h)");
        }
        double number = Double.parseDouble(m.group(1));
        long millis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> (long) number;
            case "m" -> (long) (number * 60_000);
            case "h" -> (long) (number * 3_600_000);
            default -> (long) (number * 1000);
        };
        return Duration.ofMillis(millis);
    }
}
