package dev.jrun.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CNI network configuration list (CNI spec 1.0, section 1): a name, a spec version and the
 * plug-ins run in order for each container. Read from a {@code .conflist}, or from a single-plugin
 * {@code .conf}/{@code .json} as libcni reads one (a list of one).
 *
 * @param name the network's name, unique on the host
 * @param cniVersion the spec version every plug-in of the list is called with
 * @param plugins each plug-in's configuration, as written (never changed: {@link #pluginConfig} copies)
 * @param file where it was read from
 */
public record NetworkConfig(String name, String cniVersion, List<JsonNode> plugins, Path file) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public NetworkConfig {
        plugins = List.copyOf(plugins);
        if (plugins.isEmpty() || plugins.stream().anyMatch(p -> !p.path("type").isTextual())) {
            throw new IllegalArgumentException(file + ": a network needs plug-ins, each with a type");
        }
    }

    /** @throws IOException naming the file, for a missing name, version or plug-in list */
    static NetworkConfig read(Path file) throws IOException {
        JsonNode json = JSON.readTree(file.toFile());
        JsonNode plugins = json.has("plugins") ? json.get("plugins") : JSON.createArrayNode().add(json);
        if (!json.path("name").isTextual() || !json.path("cniVersion").isTextual() || !plugins.isArray()) {
            throw new IOException(file + ": not a CNI network configuration (name, cniVersion and plugins)");
        }
        List<JsonNode> list = new ArrayList<>();
        plugins.forEach(list::add);
        try {
            return new NetworkConfig(json.get("name").asText(), json.get("cniVersion").asText(), list, file);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The plug-ins' types, in order: the executables called. */
    public List<String> types() {
        return plugins.stream().map(p -> p.get("type").asText()).toList();
    }

    /** The first IPAM subnet of its plug-ins ({@code ranges} or the older {@code subnet}), or null. */
    public Subnet subnet() {
        for (JsonNode plugin : plugins) {
            JsonNode ipam = plugin.path("ipam");
            JsonNode subnet = ipam.path("ranges").path(0).path(0).path("subnet");
            String value = subnet.isTextual() ? subnet.asText() : ipam.path("subnet").asText(null);
            if (value != null) {
                try {
                    return Subnet.parse(value);
                } catch (IllegalArgumentException e) {
                    return null; // IPv6, or a form jrun does not read: not jrun's to allocate around
                }
            }
        }
        return null;
    }

    /** The bridge device its {@code bridge} plug-in makes, or null. */
    public String bridge() {
        return plugins.stream().filter(p -> p.path("type").asText().equals("bridge"))
                .map(p -> p.path("bridge").asText("cni0")).findFirst().orElse(null);
    }

    /**
     * Plug-in {@code index}'s configuration as the CNI spec says the runtime passes it: the list's
     * name and cniVersion, {@code runtimeConfig} with the arguments of the capabilities the plug-in
     * declares, and {@code prevResult} where there is one.
     *
     * @param capabilityArgs by capability name, e.g. {@code portMappings}
     * @param prevResult the previous plug-in's result (ADD), the ADD's result (CHECK, DEL), or null
     */
    ObjectNode pluginConfig(int index, ObjectNode capabilityArgs, JsonNode prevResult) {
        ObjectNode config = plugins.get(index).deepCopy();
        config.put("cniVersion", cniVersion).put("name", name);
        ObjectNode runtimeConfig = JSON.createObjectNode();
        config.path("capabilities").fields().forEachRemaining(capability -> {
            if (capability.getValue().asBoolean() && capabilityArgs.has(capability.getKey())) {
                runtimeConfig.set(capability.getKey(), capabilityArgs.get(capability.getKey()));
            }
        });
        if (!runtimeConfig.isEmpty()) {
            config.set("runtimeConfig", runtimeConfig);
        }
        if (prevResult != null) {
            config.set("prevResult", prevResult);
        }
        return config;
    }
}
