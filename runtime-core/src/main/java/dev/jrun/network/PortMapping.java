package dev.jrun.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code -p [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp]}: a port of the host forwarded to one of
 * the container's, in the shape of the CNI {@code portMappings} capability that the portmap
 * plug-in takes from {@code runtimeConfig}.
 *
 * @param hostIP the host address it is published on; null for all of them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortMapping(String hostIP, int hostPort, int containerPort, String protocol) {
    private static final Pattern SPEC = Pattern.compile(
            "(?:(\\[[0-9A-Fa-f:.]+]|[0-9.]+):)?([0-9]{1,5}):([0-9]{1,5})(?:/([a-z]+))?");

    public PortMapping {
        String spec = render(hostIP, hostPort, containerPort, protocol);
        if (hostIP != null) {
            IpAddresses.literal("-p " + spec, hostIP);
        }
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("-p " + spec + ": a port is 1 to 65535");
        }
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("-p " + spec + ": the protocol is tcp or udp");
        }
    }

    /** @throws IllegalArgumentException naming the value */
    public static PortMapping parse(String value) {
        Matcher m = SPEC.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("-p " + value + ": expected [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp]");
        }
        String ip = m.group(1) == null ? null : m.group(1).replaceAll("^\\[|]$", "");
        return new PortMapping(ip, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4) == null ? "tcp" : m.group(4));
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return render(hostIP, hostPort, containerPort, protocol);
    }

    private static String render(String hostIP, int hostPort, int containerPort, String protocol) {
        String ip = hostIP == null ? "" : (hostIP.contains(":") ? "[" + hostIP + "]" : hostIP) + ":";
        return ip + hostPort + ":" + containerPort + "/" + protocol;
    }
}
