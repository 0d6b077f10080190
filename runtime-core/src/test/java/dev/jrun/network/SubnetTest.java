package dev.jrun.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void parse_givesTheNetworkBack_withItsGateway() {
        Subnet s = Subnet.parse("10.90.3.0/24");
        assertThat(s).hasToString("10.90.3.0/24");
        assertThat(s.gateway()).isEqualTo("10.90.3.1");
        assertThat(Subnet.parse("10.90.0.0/16").slash24(7)).isEqualTo(Subnet.parse("10.90.7.0/24"));
    }

    @Test
    void overlaps_whenEitherHoldsTheOther() {
        assertThat(Subnet.parse("10.90.0.0/16").overlaps(Subnet.parse("10.90.5.0/24"))).isTrue();
        assertThat(Subnet.parse("10.90.5.0/24").overlaps(Subnet.parse("10.90.0.0/16"))).isTrue();
        assertThat(Subnet.parse("10.90.5.0/24").overlaps(Subnet.parse("10.90.6.0/24"))).isFalse();
        assertThat(Subnet.parse("10.88.0.0/16").overlaps(Subnet.parse("10.90.0.0/16"))).isFalse();
    }

    @Test
    void parse_rejectsWhatIsNoIpv4Network() {
        assertThatThrownBy(() -> Subnet.parse("10.90.0.5/24"))
                .hasMessage("10.90.0.5/24: host bits are set (the network is 10.90.0.0/24)");
        assertThatThrownBy(() -> Subnet.parse("10.90.0.0/31")).hasMessage("10.90.0.0/31: the prefix must be 8 to 30");
        assertThatThrownBy(() -> Subnet.parse("fd00::/64")).hasMessageContaining("not an IPv4 subnet");
        assertThatThrownBy(() -> Subnet.parse("10.90.0.0")).hasMessageContaining("not an IPv4 subnet");
    }
}
