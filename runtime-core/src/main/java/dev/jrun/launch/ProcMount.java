package dev.jrun.launch;

/**
 * How the container gets a /proc of its own pid namespace. A proc mount shows the pid namespace of
 * whoever creates it, and the launch thread stays in the host's, so somebody else must make it.
 */
public enum ProcMount {
    /** Try {@link #PIDNS_OPTION}; if the kernel lacks procfs' {@code pidns=}, use {@link #HELPER_PROCESS}. */
    AUTO,
    /** Linux 6.18+: {@code fsconfig(..., "pidns", fd)} picks the namespace, no extra process. */
    PIDNS_OPTION,
    /**
     * Older kernels (Debian 12's 6.1, Ubuntu 22.04's 5.15): the host's mount(8), started inside the
     * container's pid namespace in a throwaway mount namespace, creates the mount; jrun clones it
     * with open_tree and moves it into the container.
     */
    HELPER_PROCESS;

    /** {@code -Djrun.proc-mount=helper-process} (or pidns-option) forces one path, for tests. */
    public static ProcMount fromSystemProperty() {
        String value = System.getProperty("jrun.proc-mount", "auto");
        return valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
