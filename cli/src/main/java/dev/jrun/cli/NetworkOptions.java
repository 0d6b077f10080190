package dev.jrun.cli;

import dev.jrun.network.HostEntry;
import dev.jrun.network.IpAddresses;
import dev.jrun.network.NetworkMode;
import dev.jrun.network.PortMapping;
import dev.jrun.runtime.ContainerSpec;
import dev.jrun.runtime.JrunException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The container's network, its published ports and the /etc files that name it: {@code --network},
 * {@code -p}, {@code --dns}, {@code --add-host} (a mixin of run).
 */
final class NetworkOptions {
    @Option(names = "--network", paramLabel = "MODE", description = "none (default: only lo, up), host (the host's"
            + " network, shared), container:ID (another running container's), bridge (CNI network jrun0) or the"
            + " name of another CNI network (jrun network ls).")
    String network = "none";

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:]HOST_PORT:PORT[/PROTO]", description = "Forward a host"
            + " port to the container's (tcp by default; needs a CNI network, e.g. --network bridge).")
    List<String> publish = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "IP", description = "A nameserver for the container's /etc/resolv.conf"
            + " (default: the host's, without those on its loopback).")
    List<String> dns = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "HOST:IP", description = "Another line of the container's /etc/hosts.")
    List<String> addHosts = new ArrayList<>();

    private NetworkMode mode;
    private final List<HostEntry> hosts = new ArrayList<>();
    private final List<PortMapping> ports = new ArrayList<>();

    /** Reads the flags, before any work is done; a malformed one is a one-line error naming it. */
    void parse() throws JrunException {
        try {
            mode = NetworkMode.parse(network);
            dns.forEach(server -> IpAddresses.literal("--dns " + server, server));
            for (String entry : addHosts) {
                hosts.add(HostEntry.parse(entry));
            }
            for (String port : publish) {
                ports.add(PortMapping.parse(port));
            }
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        }
    }

    /** Adds what {@link #parse} read to {@code spec}. */
    void applyTo(ContainerSpec.Builder spec) {
        spec.network(mode);
        dns.forEach(spec::dns);
        hosts.forEach(spec::addHost);
        ports.forEach(spec::publish);
    }
}
