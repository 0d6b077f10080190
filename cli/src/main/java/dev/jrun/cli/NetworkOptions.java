package dev.jrun.cli;

import dev.jrun.network.NetworkMode;
import dev.jrun.runtime.ContainerSpec;
import dev.jrun.runtime.JrunException;
import picocli.CommandLine.Option;

/** The container's network: {@code --network} (a mixin of run). */
final class NetworkOptions {
    @Option(names = "--network", paramLabel = "MODE", description = "none (default: only lo, up), host (the host's"
            + " network, shared) or container:ID (another running container's).")
    String network = "none";

    private NetworkMode mode;

    /** Reads the flags, before any work is done; a malformed one is a one-line error naming it. */
    void parse() throws JrunException {
        try {
            mode = NetworkMode.parse(network);
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        }
    }

    /** Adds what {@link #parse} read to {@code spec}. */
    void applyTo(ContainerSpec.Builder spec) {
        spec.network(mode);
    }
}
