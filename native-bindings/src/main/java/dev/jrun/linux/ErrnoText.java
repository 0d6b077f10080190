package dev.jrun.linux;

/** The C library's text for an errno value (strerror), loaded with the rest of {@link LibC}. */
final class ErrnoText {
    private ErrnoText() {}

    static String of(int errno) {
        try {
            return LibC.strerror(errno);
        } catch (LinkageError e) {
            return "errno " + errno;
        }
    }
}
