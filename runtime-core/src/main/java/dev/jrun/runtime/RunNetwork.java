package dev.jrun.runtime;

import dev.jrun.container.ContainerState;
import dev.jrun.network.NetworkMode;
import dev.jrun.oci.OciLinux;
import java.io.IOException;

/**
 * {@code jrun run --network}, resolved into what its config.json says: the network namespace entry
 * ({@code linux.namespaces}) and the hostname that goes with the mode.
 *
 * @param mode as given
 * @param hostname -h, else the other container's (container:ID, as docker), the host's (host) or the short id
 * @param joinPath container:ID: the other container's network namespace file; null otherwise
 */
record RunNetwork(NetworkMode mode, String hostname, String joinPath) {
    /**
     * @param shortId the container's short id, its default hostname
     * @throws JrunException naming an unknown or stopped container:ID
     */
    static RunNetwork resolve(ContainerSpec spec, String shortId, BundleContainers containers)
            throws JrunException, IOException {
        NetworkMode mode = spec.network();
        if (mode instanceof NetworkMode.Container other) {
            ContainerState state = containers.record(other.container());
            if (!state.status().equals("running") && !state.status().equals("paused")) {
                throw new JrunException("--network " + mode + ": container " + other.container() + " is "
                        + state.status() + "; its network namespace lives only while it runs");
            }
            String hostname = containers.config(other.container()).hostname();
            return new RunNetwork(mode, hostname != null ? hostname : BundlePlan.hostHostname(),
                    "/proc/" + state.pid() + "/ns/net");
        }
        String hostname = spec.hostname() != null ? spec.hostname()
                : mode instanceof NetworkMode.Host ? BundlePlan.hostHostname() : shortId;
        return new RunNetwork(mode, hostname, null);
    }

    /** The {@code network} entry of {@code linux.namespaces}: new, joined by path, or none (the host's). */
    OciLinux.Namespace namespace() {
        return mode instanceof NetworkMode.Host ? null : new OciLinux.Namespace("network", joinPath);
    }
}
