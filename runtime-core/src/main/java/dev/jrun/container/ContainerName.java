package dev.jrun.container;

import java.util.regex.Pattern;

/**
 * A container's name, which is also the name of its directories: docker's rule (a letter or digit,
 * then letters, digits, {@code _ . -}), so a name can never be {@code ..} or hold a slash and reach
 * outside the state root.
 */
public record ContainerName(String value) {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    public ContainerName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid container name \"" + value
                    + "\": use letters, digits, _, . and -, starting with a letter or digit (at most 128)");
        }
    }

    /** The name {@code value}, or null if it is not a valid one. */
    public static ContainerName parseOrNull(String value) {
        return value != null && VALID.matcher(value).matches() ? new ContainerName(value) : null;
    }

    @Override
    public String toString() {
        return value;
    }
}
