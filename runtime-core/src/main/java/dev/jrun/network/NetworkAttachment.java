package dev.jrun.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A container's attachment to a CNI network (CNI spec 1.0, section 3: network, container id,
 * network namespace, interface name), with the capability arguments ADD was given and the result it
 * returned. It is recorded in the container's state directory before ADD and removed only once DEL
 * has succeeded, so that DEL can be replayed with the same parameters by whoever removes the
 * container: this jrun, or {@code jrun rm} and {@code jrun prune} after this one was killed.
 *
 * @param cniPath the plug-in directories, as CNI_PATH gives them
 * @param capabilityArgs by capability name ({@code portMappings}), for the plug-ins that declare it
 * @param result the final ADD result (prevResult of CHECK and DEL); null until ADD has returned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkAttachment(String network, String cniVersion, List<JsonNode> plugins, String containerId,
                                String netns, String ifName, List<String> cniPath, ObjectNode capabilityArgs,
                                JsonNode result) {
    static final String FILE = "network.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public NetworkAttachment {
        plugins = List.copyOf(plugins);
        cniPath = List.copyOf(cniPath);
    }

    /** Container {@code containerId}'s attachment to {@code config}, its interface {@code eth0} in {@code netns}. */
    static NetworkAttachment of(NetworkConfig config, String containerId, Path netns, ObjectNode capabilityArgs) {
        return new NetworkAttachment(config.name(), config.cniVersion(), config.plugins(), containerId,
                netns.toString(), "eth0", CniPlugin.DEFAULT_PATH.stream().map(Path::toString).toList(),
                capabilityArgs, null);
    }

    /** The attachment recorded in {@code stateDir}, or null if there is none. */
    public static NetworkAttachment load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        return Files.exists(file) ? JSON.readValue(file.toFile(), NetworkAttachment.class) : null;
    }

    /** Records it in {@code stateDir}, atomically: a reader finds the old record or the new one. */
    void save(Path stateDir) throws IOException {
        Path tmp = stateDir.resolve(FILE + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * ADD: each plug-in in order, each given the previous one's result; returns this attachment with
     * the last one's result. On failure the caller replays DEL (the spec: for every plug-in).
     */
    NetworkAttachment add(Syscalls sys, Path scratch) throws IOException {
        NetworkConfig config = config();
        JsonNode previous = null;
        for (int i = 0; i < plugins.size(); i++) {
            JsonNode printed = CniPlugin.run(sys, config.types().get(i), CniPlugin.Command.ADD,
                    config.pluginConfig(i, capabilityArgs, previous), this, scratch);
            previous = printed != null ? printed : previous;
        }
        return withResult(previous);
    }

    private NetworkAttachment withResult(JsonNode added) {
        return new NetworkAttachment(network, cniVersion, plugins, containerId, netns, ifName, cniPath, capabilityArgs,
                added);
    }

    /** DEL: each plug-in in reverse order, each given ADD's result (if ADD got as far as one). */
    void del(Syscalls sys, Path scratch) throws IOException {
        NetworkConfig config = config();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            CniPlugin.run(sys, config.types().get(i), CniPlugin.Command.DEL,
                    config.pluginConfig(i, capabilityArgs, result), this, scratch);
        }
    }

    /** The same attachment in another namespace file ("" for none: DEL of a namespace gone). */
    NetworkAttachment withNetns(String path) {
        return new NetworkAttachment(network, cniVersion, plugins, containerId, path, ifName, cniPath, capabilityArgs,
                result);
    }

    /** The container's address on this network: the first one ADD gave an interface in its namespace. */
    public String address() {
        if (result == null) {
            return null;
        }
        for (JsonNode ip : result.path("ips")) {
            JsonNode iface = result.path("interfaces").path(ip.path("interface").asInt(-1));
            if (iface.isMissingNode() || iface.path("sandbox").asText("").length() > 0) {
                return ip.path("address").asText().replaceAll("/.*", "");
            }
        }
        return null;
    }

    private NetworkConfig config() {
        return new NetworkConfig(network, cniVersion, plugins, Path.of(FILE));
    }
}
