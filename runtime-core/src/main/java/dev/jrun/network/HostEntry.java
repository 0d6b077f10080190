package dev.jrun.network;

import java.util.regex.Pattern;

/** {@code --add-host HOST:IP}: one more line of the container's /etc/hosts. */
public record HostEntry(String host, String ip) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    public HostEntry {
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("--add-host " + host + ":" + ip + ": " + host + " is not a host name");
        }
        IpAddresses.literal("--add-host " + host + ":" + ip, ip);
    }

    /**
     * {@code HOST:IP}, split at the first colon (so {@code HOST:::1} is an IPv6 entry), or docker's
     * newer {@code HOST=IP}.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static HostEntry parse(String value) {
        int at = value.indexOf('=') >= 0 ? value.indexOf('=') : value.indexOf(':');
        if (at <= 0) {
            throw new IllegalArgumentException("--add-host " + value + ": expected HOST:IP");
        }
        return new HostEntry(value.substring(0, at), value.substring(at + 1));
    }

    /** The /etc/hosts line. */
    @Override
    public String toString() {
        return ip + "\t" + host;
    }
}
