package dev.jrun.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcFilesTest {
    @TempDir
    Path tmp;

    @Test
    void hosts_listsLoopbackThenAddedHostsThenTheContainer() {
        assertThat(EtcFiles.hosts(EtcFiles.LOCALHOST, List.of(HostEntry.parse("db:10.0.0.7")), "127.0.0.1", "box"))
                .startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
                .endsWith("ff02::2\tip6-allrouters\n10.0.0.7\tdb\n127.0.0.1\tbox\n");
        assertThat(EtcFiles.hosts("127.0.0.1 localhost", List.of(), null, "box")).isEqualTo("127.0.0.1 localhost\n");
    }

    @Test
    void addAddress_writesIntoTheSameFile() throws Exception {
        Path hosts = Files.writeString(tmp.resolve("hosts"), EtcFiles.LOCALHOST);
        Object inode = Files.getAttribute(hosts, "unix:ino");
        EtcFiles.addAddress(hosts, "10.90.0.2", "web");
        assertThat(Files.readString(hosts)).endsWith("ff02::2\tip6-allrouters\n10.90.0.2\tweb\n");
        assertThat(Files.getAttribute(hosts, "unix:ino")).isEqualTo(inode);
    }

    @Test
    void resolvConf_keepsSearchAndOptions_dropsLoopbackServersUnlessHostNetwork() {
        String host = "# from dhcp\nsearch example.org\nnameserver 127.0.0.53\nnameserver 10.0.0.1\noptions ndots:2\n";
        assertThat(EtcFiles.resolvConf(host, List.of(), false))
                .isEqualTo("search example.org\noptions ndots:2\nnameserver 10.0.0.1\n");
        assertThat(EtcFiles.resolvConf(host, List.of(), true))
                .isEqualTo("search example.org\noptions ndots:2\nnameserver 127.0.0.53\nnameserver 10.0.0.1\n");
    }

    @Test
    void resolvConf_dnsReplacesTheHostsServers() {
        assertThat(EtcFiles.resolvConf("nameserver 10.0.0.1\n", List.of("9.9.9.9", "2620:fe::fe"), false))
                .isEqualTo("nameserver 9.9.9.9\nnameserver 2620:fe::fe\n");
    }

    @Test
    void hostEntry_parsesHostColonIp_andRejectsNonsense() {
        assertThat(HostEntry.parse("db:10.0.0.7")).isEqualTo(new HostEntry("db", "10.0.0.7")).hasToString("10.0.0.7\tdb");
        assertThat(HostEntry.parse("v6:::1")).isEqualTo(new HostEntry("v6", "::1"));
        assertThat(HostEntry.parse("db=10.0.0.7")).isEqualTo(new HostEntry("db", "10.0.0.7"));
        assertThatThrownBy(() -> HostEntry.parse("db")).hasMessage("--add-host db: expected HOST:IP");
        assertThatThrownBy(() -> HostEntry.parse("db:somewhere"))
                .hasMessage("--add-host db:somewhere: not an IP address");
        assertThatThrownBy(() -> HostEntry.parse("-x:1.2.3.4")).hasMessage("--add-host -x:1.2.3.4: -x is not a host name");
    }

    @Test
    void ipAddresses_takeLiteralsOnly_neverLookingUpNames() {
        assertThat(IpAddresses.isLiteral("10.0.0.1")).isTrue();
        assertThat(IpAddresses.isLiteral("fd00::1")).isTrue();
        assertThat(IpAddresses.isLiteral("256.0.0.1")).isFalse();
        assertThat(IpAddresses.isLiteral("localhost")).isFalse();
        assertThat(IpAddresses.isLiteral("1.2.3")).isFalse();
        assertThat(IpAddresses.isLiteral(":::")).isFalse();
    }
}
