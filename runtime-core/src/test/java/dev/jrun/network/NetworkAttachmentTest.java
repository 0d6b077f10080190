package dev.jrun.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.linux.LinuxSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNI execution protocol, against fake plug-ins (shell scripts that record their stdin and
 * environment and print a result): no root needed.
 */
class NetworkAttachmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records what it was given as COMMAND.NAME.stdin and .env; prints a result naming itself. */
    private static final String FAKE = """
            #!/bin/sh
            me=$(basename "$0"); dir=$(dirname "$0")
            cat > "$dir/$CNI_COMMAND.$me.stdin"
            env | grep -E '^(CNI_|PATH=)' | sort > "$dir/$CNI_COMMAND.$me.env"
            echo $CNI_COMMAND $me >> "$dir/calls"
            [ "$CNI_COMMAND" = ADD ] && echo '{"cniVersion": "1.0.0", "by": "'$me'", "interfaces": [{"name": "br0"},
              {"name": "eth0", "sandbox": "'$CNI_NETNS'"}], "ips": [{"address": "10.90.0.7/24", "interface": 1}]}'
            exit 0
            """;

    @TempDir
    Path tmp;
    Path plugins;
    Path scratch;

    @BeforeEach
    void setUp() throws Exception {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        scratch = Files.createDirectories(tmp.resolve("state"));
        for (String name : List.of("first", "second")) {
            Path script = Files.writeString(plugins.resolve(name), FAKE);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private NetworkAttachment attachment(String... types) {
        List<JsonNode> list = java.util.Arrays.stream(types).map(t -> (JsonNode) JSON.createObjectNode().put("type", t)
                .set("capabilities", JSON.createObjectNode().put("portMappings", t.equals("second")))).toList();
        ObjectNode args = JSON.createObjectNode();
        args.set("portMappings", JSON.createArrayNode().add(JSON.createObjectNode().put("hostPort", 8080)
                .put("containerPort", 80).put("protocol", "tcp")));
        return new NetworkAttachment("net1", "1.0.0", list, "c0ffee", "/run/x/netns", "eth0",
                List.of(tmp.resolve("nowhere").toString(), plugins.toString()), args, null);
    }

    private JsonNode stdin(String command, String plugin) throws Exception {
        return JSON.readTree(plugins.resolve(command + "." + plugin + ".stdin").toFile());
    }

    @Test
    void add_runsThePluginsInOrder_chainingPrevResult_withTheSpecsEnvironment() throws Exception {
        NetworkAttachment added = attachment("first", "second").add(new LinuxSyscalls(), scratch);

        assertThat(Files.readAllLines(plugins.resolve("calls"))).containsExactly("ADD first", "ADD second");
        assertThat(Files.readAllLines(plugins.resolve("ADD.first.env"))).containsExactly("CNI_COMMAND=ADD",
                "CNI_CONTAINERID=c0ffee", "CNI_IFNAME=eth0", "CNI_NETNS=/run/x/netns",
                "CNI_PATH=" + tmp.resolve("nowhere") + ":" + plugins,
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        JsonNode first = stdin("ADD", "first");
        assertThat(first.get("name").asText()).isEqualTo("net1");
        assertThat(first.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(first.has("prevResult")).isFalse();
        assertThat(first.has("runtimeConfig")).isFalse(); // it declares no portMappings capability
        JsonNode second = stdin("ADD", "second");
        assertThat(second.get("prevResult").get("by").asText()).isEqualTo("first");
        assertThat(second.get("runtimeConfig").get("portMappings").get(0).get("hostPort").asInt()).isEqualTo(8080);
        assertThat(added.result().get("by").asText()).isEqualTo("second");
        assertThat(added.address()).isEqualTo("10.90.0.7");
    }

    @Test
    void del_runsThePluginsInReverse_eachGivenTheAddsResult() throws Exception {
        NetworkAttachment added = attachment("first", "second").add(new LinuxSyscalls(), scratch);
        added.del(new LinuxSyscalls(), scratch);
        assertThat(Files.readAllLines(plugins.resolve("calls")))
                .containsExactly("ADD first", "ADD second", "DEL second", "DEL first");
        assertThat(stdin("DEL", "first").get("prevResult").get("by").asText()).isEqualTo("second");
        assertThat(stdin("DEL", "second").get("prevResult").get("by").asText()).isEqualTo("second");
    }

    @Test
    void theRecord_survivesAReload_forDelByAnotherJrun() throws Exception {
        NetworkAttachment added = attachment("first", "second").add(new LinuxSyscalls(), scratch);
        added.save(scratch);
        NetworkAttachment loaded = NetworkAttachment.load(scratch);
        assertThat(loaded).isEqualTo(added);
        assertThat(NetworkAttachment.load(tmp)).isNull();
    }

    @Test
    void aFailingPlugin_isNamedWithItsErrorObject_andAMissingOneWithWhereItWasLookedFor() throws Exception {
        Path bad = Files.writeString(plugins.resolve("bad"), """
                #!/bin/sh
                echo '{"cniVersion": "1.0.0", "code": 11, "msg": "failed to set bridge addr", "details": "eth9 exists"}'
                exit 1
                """);
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> attachment("first", "bad").add(new LinuxSyscalls(), scratch))
                .hasMessage("bad ADD: failed to set bridge addr (eth9 exists)");
        assertThatThrownBy(() -> attachment("nope").add(new LinuxSyscalls(), scratch))
                .hasMessage("CNI plug-in nope not found in " + tmp.resolve("nowhere") + ":" + plugins
                        + " (Debian: apt install containernetworking-plugins)");
    }
}
