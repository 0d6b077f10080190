package dev.jrun.network;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CNI networks a container can join by name: jrun's own ({@code <data root>/net.d}, made by
 * {@code jrun network create}, and {@value #DEFAULT_NETWORK}, made at its first use), then those of
 * the host's CNI directory ({@code /etc/cni/net.d}, podman's and others'), read as libcni reads it:
 * files in name order, the first of a name wins.
 */
public final class NetworkConfigs {
    /** {@code --network bridge}'s network, and its bridge device. */
    public static final String DEFAULT_NETWORK = "jrun0";
    /** The CNI directory every CNI runtime reads. */
    public static final Path CNI_CONF_DIR = Path.of("/etc/cni/net.d");
    /**
     * Where jrun's networks take their subnets: podman's default network is 10.88.0.0/16 and the
     * networks podman creates take 10.89.N.0/24, docker's 172.17.0.0/16 and up, Kubernetes' service
     * range starts at 10.96.0.0/12: 10.90.0.0/16 is clear of all of them. The default network is its
     * first /24, each created one the next free /24.
     */
    static final Subnet POOL = Subnet.parse("10.90.0.0/16");
    private static final List<String> EXTENSIONS = List.of(".conflist", ".conf", ".json");
    /** Linux's limit on an interface name (IFNAMSIZ - 1). */
    private static final int IFNAME_MAX = 15;

    private final Path own;
    private final Path cni;

    /**
     * @param own jrun's directory of network lists
     * @param cni the host's CNI directory, read only
     */
    public NetworkConfigs(Path own, Path cni) {
        this.own = own;
        this.cni = cni;
    }

    /** Every network, jrun's first; a name already listed is skipped, as libcni does. */
    public List<NetworkConfig> list() throws IOException {
        List<NetworkConfig> networks = new ArrayList<>();
        for (Path dir : List.of(own, cni)) {
            for (Path file : files(dir)) {
                NetworkConfig config;
                try {
                    config = NetworkConfig.read(file);
                } catch (IOException e) {
                    continue; // not a network list: libcni skips those too
                }
                if (networks.stream().noneMatch(n -> n.name().equals(config.name()))) {
                    networks.add(config);
                }
            }
        }
        return networks;
    }

    /**
     * The network {@code name}; {@value #DEFAULT_NETWORK} is made at its first use.
     *
     * @throws IOException "no network NAME (`jrun network ls` lists them)"
     */
    public NetworkConfig find(String name) throws IOException {
        NetworkConfig found = listed(name);
        if (found == null && name.equals(DEFAULT_NETWORK)) {
            try {
                return create(DEFAULT_NETWORK, POOL.slash24(0));
            } catch (IllegalArgumentException e) {
                found = listed(name); // another jrun made it a moment ago, or its subnet is taken
                if (found == null) {
                    throw new IOException("making network " + name + ": " + e.getMessage(), e);
                }
            }
        }
        if (found == null) {
            throw new IOException("no network " + name + " (`jrun network ls` lists them)");
        }
        return found;
    }

    private NetworkConfig listed(String name) throws IOException {
        return list().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Makes network {@code name} in jrun's directory: a bridge (NAME itself for the default network,
     * else {@code jrun-NAME}, or {@code jrun-} and a hash where that is longer than an interface name
     * may be) with host-local addresses from {@code subnet} (null: the next free /24 of
     * {@link #POOL}), the containers' gateway and NAT out; portmap for {@code -p}; firewall so
     * forwarding to the containers is allowed whatever the host's FORWARD policy.
     *
     * @throws IllegalArgumentException for a bad name, one in use, or a subnet another network uses
     */
    public NetworkConfig create(String name, Subnet subnet) throws IOException {
        if (!NetworkMode.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(name + ": a network name is letters, digits and _ . - (not first)");
        }
        List<NetworkConfig> existing = list();
        if (existing.stream().anyMatch(n -> n.name().equals(name))) {
            throw new IllegalArgumentException("network " + name + " already exists");
        }
        Subnet chosen = subnet != null ? subnet : free(existing);
        for (NetworkConfig other : existing) {
            if (other.subnet() != null && other.subnet().overlaps(chosen)) {
                throw new IllegalArgumentException("subnet " + chosen + " overlaps network " + other.name() + "'s "
                        + other.subnet());
            }
        }
        Files.createDirectories(own);
        Path file = own.resolve(name + ".conflist");
        Path tmp = Files.createTempFile(own, "." + name, ".tmp");
        try {
            Files.writeString(tmp, conflist(name, bridgeName(name), chosen));
            Files.createLink(file, tmp); // never over another's file: fails if one came meanwhile
        } catch (FileAlreadyExistsException raced) {
            throw new IllegalArgumentException("network " + name + " already exists", raced);
        } finally {
            Files.delete(tmp);
        }
        return NetworkConfig.read(file);
    }

    /**
     * Removes jrun's network {@code name}'s list; returns its bridge device, which is for the caller to
     * delete (the CNI plug-ins make bridges, but never remove them).
     *
     * @throws IOException if there is no network of that name
     * @throws IllegalArgumentException if it is not jrun's (a host CNI network, which jrun only reads)
     */
    public String remove(String name) throws IOException {
        NetworkConfig network = listed(name);
        if (network == null) {
            throw new IOException("no network " + name + " (`jrun network ls` lists them)");
        }
        if (!network.file().getParent().equals(own)) {
            throw new IllegalArgumentException("network " + name + " is not jrun's: it comes from " + network.file()
                    + ", which jrun only reads");
        }
        Files.delete(network.file());
        return network.bridge();
    }

    /** The bridge device of network {@code name}: at most 15 characters, never an existing name's like eth0. */
    static String bridgeName(String name) {
        if (name.equals(DEFAULT_NETWORK)) {
            return name;
        }
        if (("jrun-" + name).length() <= IFNAME_MAX) {
            return "jrun-" + name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "jrun-" + HexFormat.of().formatHex(hash).substring(0, IFNAME_MAX - 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first /24 of the pool that no network's subnet overlaps. */
    private static Subnet free(List<NetworkConfig> existing) {
        for (int n = 1; n < 256; n++) {
            Subnet candidate = POOL.slash24(n);
            if (existing.stream().noneMatch(e -> e.subnet() != null && e.subnet().overlaps(candidate))) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("every /24 of " + POOL + " is taken: give one with --subnet");
    }

    private static String conflist(String name, String bridge, Subnet subnet) {
        return """
                {
                  "cniVersion": "1.0.0",
                  "name": "%s",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%s",
                      "isGateway": true,
                      "ipMasq": true,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "ranges": [[{"subnet": "%s", "gateway": "%s"}]],
                        "routes": [{"dst": "0.0.0.0/0"}]
                      }
                    },
                    {"type": "portmap", "capabilities": {"portMappings": true}},
                    {"type": "firewall"}
                  ]
                }
                """.formatted(name, bridge, subnet, subnet.gateway()); // the name was checked: nothing to escape
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> EXTENSIONS.stream().anyMatch(e -> f.getFileName().toString().endsWith(e))
                    && Files.isRegularFile(f)).sorted().toList();
        }
    }
}
