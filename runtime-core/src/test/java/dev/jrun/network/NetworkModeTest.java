package dev.jrun.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkModeTest {
    @Test
    void parse_readsDockersModes_andGivesThemBack() {
        assertThat(NetworkMode.parse("none")).isEqualTo(NetworkMode.NONE);
        assertThat(NetworkMode.parse("host")).isInstanceOf(NetworkMode.Host.class).hasToString("host");
        assertThat(NetworkMode.parse("container:web")).isEqualTo(new NetworkMode.Container("web"))
                .hasToString("container:web");
        assertThat(NetworkMode.parse("bridge")).isEqualTo(new NetworkMode.Named("jrun0"));
        assertThat(NetworkMode.parse("backend")).isEqualTo(new NetworkMode.Named("backend")).hasToString("backend");
    }

    @Test
    void parse_rejectsUnknownValues_namingTheChoices() {
        assertThatThrownBy(() -> NetworkMode.parse("wi fi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--network wi fi: unknown network (none, host, bridge, container:ID or a network's name)");
        assertThatThrownBy(() -> NetworkMode.parse("container:")).hasMessageContaining("needs the other container's");
    }
}
