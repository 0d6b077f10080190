package dev.jrun.runtime;

import java.nio.file.Path;

/**
 * Where an engine keeps things.
 *
 * @param stateRoot per-container state: small, gone at reboot (default /run/jrun)
 * @param dataRoot rootfs copies and, later, images (default /var/lib/jrun)
 */
public record JrunSettings(Path stateRoot, Path dataRoot) {
    public static final Path DEFAULT_STATE_ROOT = Path.of("/run/jrun");
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/jrun");

    public static JrunSettings defaults() {
        return new JrunSettings(DEFAULT_STATE_ROOT, DEFAULT_DATA_ROOT);
    }
}
