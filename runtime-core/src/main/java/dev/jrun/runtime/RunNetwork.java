package dev.jrun.runtime;

import dev.jrun.container.ContainerState;
import dev.jrun.network.EtcFiles;
import dev.jrun.network.NetworkConfigs;
import dev.jrun.network.NetworkMode;
import dev.jrun.oci.OciLinux;
import dev.jrun.oci.OciMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jrun run --network}, resolved into what its config.json says: the network namespace entry
 * ({@code linux.namespaces}), the hostname that goes with the mode, and the generated /etc files.
 *
 * @param mode as given
 * @param hostname -h, else the other container's (container:ID, as docker), the host's (host) or the short id
 * @param joinPath container:ID: the other container's network namespace file; null otherwise
 * @param peerBundle container:ID: the other container's bundle, whose /etc files it shares; null otherwise
 */
record RunNetwork(NetworkMode mode, String hostname, String joinPath, Path peerBundle) {
    /**
     * @param shortId the container's short id, its default hostname
     * @throws JrunException naming an unknown or stopped container:ID
     * @throws IOException naming an unknown network
     */
    static RunNetwork resolve(ContainerSpec spec, String shortId, BundleContainers containers,
                              NetworkConfigs networks) throws JrunException, IOException {
        NetworkMode mode = spec.network();
        if (mode instanceof NetworkMode.Named named) {
            networks.find(named.network()); // there is one of that name (the default one is made now)
        }
        if (mode instanceof NetworkMode.Container other) {
            ContainerState state = containers.record(other.container());
            if (!state.status().equals("running") && !state.status().equals("paused")) {
                throw new JrunException("--network " + mode + ": container " + other.container() + " is "
                        + state.status() + "; its network namespace lives only while it runs");
            }
            String hostname = containers.config(state).hostname();
            return new RunNetwork(mode, hostname != null ? hostname : BundlePlan.hostHostname(),
                    "/proc/" + state.pid() + "/ns/net", containers.bundle(state));
        }
        String hostname = spec.hostname() != null ? spec.hostname()
                : mode instanceof NetworkMode.Host ? BundlePlan.hostHostname() : shortId;
        return new RunNetwork(mode, hostname, null, null);
    }

    /** The {@code network} entry of {@code linux.namespaces}: new, joined by path, or none (the host's). */
    OciLinux.Namespace namespace() {
        return mode instanceof NetworkMode.Host ? null : new OciLinux.Namespace("network", joinPath);
    }

    /**
     * The bind mounts of /etc/hosts, /etc/hostname and /etc/resolv.conf: files written into
     * {@code containerDir} now, or (container:ID, as docker) the other container's, where it has them.
     */
    List<OciMount> etcMounts(ContainerSpec spec, Path containerDir) throws IOException {
        Path dir = peerBundle != null && Files.isRegularFile(peerBundle.resolve(EtcFiles.HOSTS)) ? peerBundle
                : containerDir;
        if (dir == containerDir) {
            boolean host = mode instanceof NetworkMode.Host;
            String base = host ? Files.readString(Path.of("/etc/hosts")) : EtcFiles.LOCALHOST;
            // a CNI network's address is known at the barrier, and added then (NetworkRequest)
            String address = host || mode instanceof NetworkMode.Named ? null : "127.0.0.1";
            Files.writeString(dir.resolve(EtcFiles.HOSTS), EtcFiles.hosts(base, spec.extraHosts(), address, hostname));
            Files.writeString(dir.resolve(EtcFiles.HOSTNAME), hostname + "\n");
            Files.writeString(dir.resolve(EtcFiles.RESOLV_CONF), EtcFiles.resolvConf(
                    EtcFiles.hostResolvConf(host), spec.dns(), host));
        }
        List<OciMount> mounts = new ArrayList<>();
        for (String name : List.of(EtcFiles.HOSTS, EtcFiles.HOSTNAME, EtcFiles.RESOLV_CONF)) {
            mounts.add(new OciMount("/etc/" + name, "bind", dir.resolve(name).toString(), List.of("rbind")));
        }
        return mounts;
    }
}
