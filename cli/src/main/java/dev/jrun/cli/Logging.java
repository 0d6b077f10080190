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

    /** The levels {@code --log-level} takes, with their java.util.logging counterparts. */
    enum LogLevel {
        ERROR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE), TRACE(Level.FINEST);

        final Level jul;

        LogLevel(Level jul) {
            this.jul = jul;
        }

        static String nameOf(Level level) {
            for (LogLevel l : values()) {
                if (level.intValue() >= l.jul.intValue()) {
                    return l.name().toLowerCase(Locale.ROOT);
                }
            }
            return "trace";
        }
    }

    /**
     * Warnings and errors only, one line each, unless -v or --log-level says otherwise. Set up by
     * java.util.logging itself when something first logs (its config class), so a run that logs
     * nothing pays nothing for it.
     */
    static void byDefault() {
        if (System.getProperty("java.util.logging.config.class") == null
                && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.config.class", Defaults.class.getName());
        }
    }

    /** Instantiated by java.util.logging's LogManager as its configuration. */
    public static final class Defaults {
        public Defaults() {
            configure(LogLevel.WARN);
        }
    }

    static void configure(LogLevel level) {
        Level jul = level.jul;
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
                return "jrun " + LogLevel.nameOf(r.getLevel()) + ": " + formatMessage(r)
                        + thrown + System.lineSeparator();
            }
        });
        root.addHandler(handler);
        root.setLevel(jul);
    }
}
