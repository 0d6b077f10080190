package dev.jrun.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What docker writes for every container and binds over the image's own: /etc/hosts, /etc/hostname
 * and /etc/resolv.conf, generated per container.
 */
public final class EtcFiles {
    /** The files' names, in the container's directory and under /etc. */
    public static final String HOSTS = "hosts";
    public static final String HOSTNAME = "hostname";
    public static final String RESOLV_CONF = "resolv.conf";

    /** docker's lines for the loopback names. */
    public static final String LOCALHOST = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;

    /** Where systemd-resolved lists the upstream servers its 127.0.0.53 stub forwards to. */
    private static final Path RESOLVED_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");

    private EtcFiles() {}

    /**
     * /etc/hosts: {@code base} (the loopback lines, or the host's file for --network host), then the
     * --add-host entries, then the container's own name at {@code address} (null: no line, say until
     * a network plug-in has given it one).
     */
    public static String hosts(String base, List<HostEntry> extra, String address, String hostname) {
        StringBuilder hosts = new StringBuilder(base);
        if (!base.isEmpty() && !base.endsWith("\n")) {
            hosts.append('\n');
        }
        extra.forEach(entry -> hosts.append(entry).append('\n'));
        if (address != null) {
            hosts.append(address).append('\t').append(hostname).append('\n');
        }
        return hosts.toString();
    }

    /**
     * /etc/resolv.conf from the host's: its search and options lines, and its nameservers, or
     * {@code dns} instead where given. A nameserver on the host's loopback (a local cache) answers
     * only in the host's network namespace, so it is dropped unless the container shares that one.
     */
    public static String resolvConf(String host, List<String> dns, boolean hostNetwork) {
        List<String> kept = new ArrayList<>();
        List<String> servers = new ArrayList<>(dns);
        for (String line : host.lines().map(String::strip).toList()) {
            String[] words = line.split("\\s+");
            if (words[0].equals("nameserver") && words.length > 1) {
                if (dns.isEmpty() && (hostNetwork || !IpAddresses.isLoopback(words[1]))) {
                    servers.add(words[1]);
                }
            } else if (words[0].equals("search") || words[0].equals("domain") || words[0].equals("options")) {
                kept.add(line);
            }
        }
        StringBuilder conf = new StringBuilder();
        kept.forEach(line -> conf.append(line).append('\n'));
        servers.forEach(server -> conf.append("nameserver ").append(server).append('\n'));
        return conf.toString();
    }

    /**
     * The host's /etc/resolv.conf; where it names only systemd-resolved's local stub and the container
     * has a network of its own, the stub's upstream servers instead (as docker does).
     */
    public static String hostResolvConf(boolean hostNetwork) throws IOException {
        Path etc = Path.of("/etc/resolv.conf");
        String conf = Files.exists(etc) ? Files.readString(etc) : "";
        if (!hostNetwork && conf.contains("nameserver 127.0.0.53") && Files.exists(RESOLVED_UPSTREAM)) {
            return Files.readString(RESOLVED_UPSTREAM);
        }
        return conf;
    }

    /**
     * Adds the container's own name at {@code address} to its hosts file, in place: the container's
     * /etc/hosts is a bind of this very file (inode), so it must be written into, not replaced.
     */
    public static void addAddress(Path hostsFile, String address, String hostname) throws IOException {
        Files.writeString(hostsFile, address + "\t" + hostname + "\n", StandardOpenOption.APPEND);
    }
}
