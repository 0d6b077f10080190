package dev.jrun.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PortMappingTest {
    @Test
    void parse_readsDockersForms_andGivesThemBack() {
        assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping(null, 8080, 80, "tcp")).hasToString("8080:80/tcp");
        assertThat(PortMapping.parse("127.0.0.1:18080:80")).isEqualTo(new PortMapping("127.0.0.1", 18080, 80, "tcp"));
        assertThat(PortMapping.parse("53:53/udp").protocol()).isEqualTo("udp");
        assertThat(PortMapping.parse("[::1]:8080:80/tcp")).isEqualTo(new PortMapping("::1", 8080, 80, "tcp"))
                .hasToString("[::1]:8080:80/tcp");
    }

    @Test
    void json_isThePortmapPluginsShape() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(PortMapping.parse("127.0.0.1:18080:80")))
                .isEqualTo("{\"hostIP\":\"127.0.0.1\",\"hostPort\":18080,\"containerPort\":80,\"protocol\":\"tcp\"}");
        assertThat(new ObjectMapper().writeValueAsString(PortMapping.parse("80:80")))
                .isEqualTo("{\"hostPort\":80,\"containerPort\":80,\"protocol\":\"tcp\"}");
    }

    @Test
    void parse_rejectsNonsense_namingIt() {
        assertThatThrownBy(() -> PortMapping.parse("80")).hasMessage("-p 80: expected [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp]");
        assertThatThrownBy(() -> PortMapping.parse("0:80")).hasMessage("-p 0:80/tcp: a port is 1 to 65535");
        assertThatThrownBy(() -> PortMapping.parse("80:70000")).hasMessage("-p 80:70000/tcp: a port is 1 to 65535");
        assertThatThrownBy(() -> PortMapping.parse("80:80/sctp")).hasMessage("-p 80:80/sctp: the protocol is tcp or udp");
        assertThatThrownBy(() -> PortMapping.parse("300.1.1.1:80:80")).hasMessage("-p 300.1.1.1:80:80/tcp: not an IP address");
    }
}
