package dev.jrun.runtime;

import static dev.jrun.linux.Clone.CLONE_NEWNET;

import dev.jrun.launch.Namespaces;
import dev.jrun.network.PortMapping;
import dev.jrun.oci.OciMount;
import dev.jrun.oci.OciSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's request to join a CNI network at its exec barrier, as its config.json carries it:
 * in jrun's annotations, since the OCI runtime-spec leaves networks to the caller. {@code jrun run
 * --network NAME} writes them; a bundle of {@code jrun create} may too.
 *
 * @param network the network's name ({@code jrun network ls})
 * @param ports host ports forwarded to the container's (the portmap plug-in's {@code portMappings})
 * @param hostsFile where the container's address and hostname are added once ADD has given it one:
 *                  the source of its /etc/hosts bind when that lies in the bundle (its own file, never
 *                  a host file bound in); null for none
 * @param hostname the container's hostname
 */
record NetworkRequest(String network, List<PortMapping> ports, Path hostsFile, String hostname) {
    /** The annotation naming the network. */
    static final String NETWORK = "dev.jrun.network";
    /** The annotation listing the published ports, comma-separated, each as {@code -p} takes it. */
    static final String PORTS = "dev.jrun.ports";

    NetworkRequest {
        ports = List.copyOf(ports);
    }

    /**
     * The request {@code spec}'s annotations make, or null if they make none.
     *
     * @throws JrunException if the container would have no network namespace of its own to connect, or
     *                       naming a malformed port
     */
    static NetworkRequest of(OciSpec spec, Path bundle, Namespaces namespaces, String hostname) throws JrunException {
        String network = spec.annotations().get(NETWORK);
        if (network == null) {
            return null;
        }
        if (!namespaces.isNew(CLONE_NEWNET)) {
            throw new JrunException("annotations." + NETWORK + ": joining network " + network + " needs a network"
                    + " namespace of the container's own (linux.namespaces: network, without a path)");
        }
        Path hostsFile = null;
        for (OciMount mount : spec.mounts()) {
            if ("/etc/hosts".equals(mount.destination()) && mount.source() != null) {
                Path source = bundle.resolve(mount.source()).normalize();
                hostsFile = source.startsWith(bundle) ? source : null; // the last mount there is the one seen
            }
        }
        List<PortMapping> ports = new ArrayList<>();
        for (String port : spec.annotations().getOrDefault(PORTS, "").split(",")) {
            try {
                if (!port.isEmpty()) {
                    ports.add(PortMapping.parse(port));
                }
            } catch (IllegalArgumentException e) {
                throw new JrunException("annotations." + PORTS + ": " + e.getMessage(), e);
            }
        }
        return new NetworkRequest(network, ports, hostsFile, hostname);
    }
}
