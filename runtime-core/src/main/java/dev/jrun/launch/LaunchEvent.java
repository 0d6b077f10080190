package dev.jrun.launch;

/**
 * One thing the launch did, as it happened: a named step starting (with why it is there), a
 * kernel call made inside it (with arguments and result), or a note.
 *
 * @param kind what this event reports
 * @param step the step it belongs to, e.g. {@code pivot-root}
 * @param text for STEP the one-line reason; for CALL {@code name(args) = result}; for NOTE free text
 */
public record LaunchEvent(Kind kind, String step, String text) {
    public enum Kind { STEP, CALL, NOTE }
}
