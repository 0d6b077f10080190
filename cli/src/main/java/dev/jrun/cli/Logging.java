package dev.jrun.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The libraries log through System.Logger (java.util.logging underneath); the CLI picks the level
 * and sends it to stderr one line per record, since stdout belongs to the container.
 */
final class Logging {
    private Logging() {}

    static void configure(String level) {
        Level jul = switch (level.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> throw new picocli.CommandLine.TypeConversionException(
                    "unknown log level '" + level + "' (error, warn, info, debug)");
        };
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(jul);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String thrown = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
                return "jrun " + r.getLevel().getName().toLowerCase(Locale.ROOT) + ": " + formatMessage(r)
                        + thrown + System.lineSeparator();
            }
        });
        root.addHandler(handler);
        root.setLevel(jul);
    }
}
