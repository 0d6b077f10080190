package dev.jrun.runtime;

import dev.jrun.linux.UserNamespace;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where an engine keeps things.
 *
 * @param stateRoot per-container state: small, gone at reboot (default /run/jrun)
 * @param dataRoot rootfs copies and images (default /var/lib/jrun)
 */
public record JrunSettings(Path stateRoot, Path dataRoot) {
    public static final Path DEFAULT_STATE_ROOT = Path.of("/run/jrun");
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/jrun");

    /** Root's system directories, or, run rootless, the user's own (see {@link #forUser}). */
    public static JrunSettings defaults() {
        UserNamespace userns = UserNamespace.current();
        return userns.initial() ? new JrunSettings(DEFAULT_STATE_ROOT, DEFAULT_DATA_ROOT)
                : forUser(System.getenv(), userns.hostUid(0));
    }

    /**
     * A user's directories, as the XDG base directory spec names them: state in
     * {@code $XDG_RUNTIME_DIR/jrun} (else {@code /tmp/jrun-UID}), images and containers in
     * {@code $XDG_DATA_HOME/jrun} (else {@code ~/.local/share/jrun}).
     */
    static JrunSettings forUser(Map<String, String> env, long hostUid) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        String data = env.get("XDG_DATA_HOME");
        String home = env.getOrDefault("HOME", "/tmp/jrun-" + hostUid + "-home");
        return new JrunSettings(absolute(runtime) ? Path.of(runtime, "jrun") : Path.of("/tmp", "jrun-" + hostUid),
                absolute(data) ? Path.of(data, "jrun") : Path.of(home, ".local", "share", "jrun"));
    }

    /** The spec says to ignore a relative value. */
    private static boolean absolute(String path) {
        return path != null && path.startsWith("/");
    }
}
