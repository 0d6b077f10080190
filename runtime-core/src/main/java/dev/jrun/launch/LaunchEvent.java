package dev.jrun.launch;

/**
 * One thing the launch did, as it happened: a named step starting (with why it is there), a
 * kernel call made inside it (with arguments and result), a note, or a warning about a choice that
 * weakens the container's isolation.
 *
 * @param kind what this event reports
 * @param step the step it belongs to, e.g. {@code pivot-root}
 * @param text for STEP the one-line reason; for CALL {@code name(args) = result}; for NOTE and WARNING free text
 */
public record LaunchEvent(Kind kind, String step, String text) {
    public enum Kind { STEP, CALL, NOTE, WARNING }
}
