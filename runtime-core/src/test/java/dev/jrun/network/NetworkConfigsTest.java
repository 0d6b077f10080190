package dev.jrun.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkConfigsTest {
    @TempDir
    Path tmp;
    Path own;
    Path cni;
    NetworkConfigs networks;

    @BeforeEach
    void setUp() throws Exception {
        own = tmp.resolve("net.d");
        cni = Files.createDirectories(tmp.resolve("cni"));
        networks = new NetworkConfigs(own, cni);
    }

    @Test
    void theDefaultNetwork_isMadeAtFirstUse_asABridgeWithPortmapAndFirewall() throws Exception {
        assertThat(networks.list()).isEmpty();
        NetworkConfig jrun0 = networks.find("jrun0");
        assertThat(jrun0.file()).isEqualTo(own.resolve("jrun0.conflist"));
        assertThat(jrun0.cniVersion()).isEqualTo("1.0.0");
        assertThat(jrun0.types()).containsExactly("bridge", "portmap", "firewall");
        assertThat(jrun0.bridge()).isEqualTo("jrun0");
        assertThat(jrun0.subnet()).hasToString("10.90.0.0/24");
        assertThat(jrun0.plugins().get(1).path("capabilities").path("portMappings").asBoolean()).isTrue();
        assertThat(networks.find("jrun0")).isEqualTo(jrun0);
    }

    @Test
    void create_takesTheNextFreeSubnet_andABridgeNamedAfterIt() throws Exception {
        networks.find("jrun0");
        NetworkConfig web = networks.create("web", null);
        assertThat(web.subnet()).hasToString("10.90.1.0/24");
        assertThat(web.bridge()).isEqualTo("jrun-web");
        assertThat(networks.create("db", Subnet.parse("10.91.0.0/16")).subnet()).hasToString("10.91.0.0/16");
        assertThat(networks.create("a-rather-long-network-name", null).bridge()).matches("jrun-[0-9a-f]{10}");
        assertThat(networks.list()).extracting(NetworkConfig::name)
                .containsExactly("a-rather-long-network-name", "db", "jrun0", "web");
    }

    @Test
    void create_refusesATakenNameOrSubnet_andBadNames() throws Exception {
        networks.create("web", Subnet.parse("10.90.1.0/24"));
        assertThatThrownBy(() -> networks.create("web", null)).hasMessage("network web already exists");
        assertThatThrownBy(() -> networks.create("api", Subnet.parse("10.90.0.0/16")))
                .hasMessage("subnet 10.90.0.0/16 overlaps network web's 10.90.1.0/24");
        assertThatThrownBy(() -> networks.create("-x", null)).hasMessageContaining("a network name is letters");
    }

    @Test
    void theHostsCniNetworks_areFound_conflistsAndSinglePluginConfs_jrunsWinningAName() throws Exception {
        Files.writeString(cni.resolve("87-podman.conflist"), """
                {"cniVersion": "0.4.0", "name": "podman", "plugins": [{"type": "bridge", "bridge": "cni-podman0",
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.0.0/16"}]]}}, {"type": "portmap"}]}
                """);
        Files.writeString(cni.resolve("10-mynet.conf"), """
                {"cniVersion": "0.3.1", "name": "mynet", "type": "bridge", "ipam": {"type": "host-local",
                 "subnet": "10.22.0.0/16"}}
                """);
        Files.writeString(cni.resolve("junk.json"), "{}");
        networks.find("jrun0"); // made in jrun's directory: found first from now on
        Files.writeString(cni.resolve("99-jrun0.conflist"), """
                {"cniVersion": "1.0.0", "name": "jrun0", "plugins": [{"type": "macvlan"}]}
                """);
        assertThat(networks.list()).extracting(NetworkConfig::name).containsExactly("jrun0", "mynet", "podman");
        assertThat(networks.find("jrun0").types()).containsExactly("bridge", "portmap", "firewall");
        assertThat(networks.find("mynet").types()).containsExactly("bridge");
        assertThat(networks.find("mynet").subnet()).hasToString("10.22.0.0/16");
        assertThat(networks.find("podman").bridge()).isEqualTo("cni-podman0");
        // a created network keeps clear of theirs
        assertThat(networks.create("web", null).subnet()).hasToString("10.90.1.0/24");
        assertThatThrownBy(() -> networks.create("x", Subnet.parse("10.88.1.0/24"))).hasMessageContaining("podman");
    }

    @Test
    void remove_deletesOnlyJrunsOwn_andNamesItsBridge() throws Exception {
        Files.writeString(cni.resolve("podman.conflist"), """
                {"cniVersion": "0.4.0", "name": "podman", "plugins": [{"type": "bridge"}]}
                """);
        networks.create("web", null);
        assertThat(networks.remove("web")).isEqualTo("jrun-web");
        assertThat(own.resolve("web.conflist")).doesNotExist();
        assertThatThrownBy(() -> networks.remove("web")).hasMessage("no network web (`jrun network ls` lists them)");
        assertThatThrownBy(() -> networks.remove("podman")).hasMessageContaining("network podman is not jrun's");
        assertThatThrownBy(() -> networks.find("nope")).hasMessage("no network nope (`jrun network ls` lists them)");
    }
}
