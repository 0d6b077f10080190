package dev.jrun.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.cgroup.DeviceRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** linux.resources as the engine's limits and device allow-list. No root. */
class OciCgroupsTest {
    private static final long MIB = 1 << 20;

    private static OciSpec spec(String name) throws Exception {
        try (InputStream in = OciCgroupsTest.class.getResourceAsStream(name)) {
            return OciSpecReader.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static OciResources resources(String json) throws IOException {
        return OciSpecReader.JSON.readValue(json, OciResources.class);
    }

    private static List<String> allowed(String devicesJson) throws IOException {
        return OciCgroups.deviceAllowList(resources("{\"devices\": " + devicesJson + "}").devices()).stream()
                .map(DeviceRule::toString).toList();
    }

    @Test
    void nothingSet_isNoLimit() throws Exception {
        assertThat(OciCgroups.limits(null)).isEqualTo(CgroupLimits.NONE);
        assertThat(OciCgroups.limits(resources("{}"))).isEqualTo(CgroupLimits.NONE);
        assertThat(OciCgroups.limits(resources("{\"memory\": {\"limit\": -1, \"swap\": -1, \"reservation\": 0},"
                + " \"cpu\": {\"quota\": -1, \"period\": 100000, \"shares\": 0, \"cpus\": \"\", \"mems\": \"\"},"
                + " \"pids\": {\"limit\": -1}}"))).isEqualTo(CgroupLimits.NONE);
        assertThat(OciCgroups.limits(resources("{\"pids\": {\"limit\": 0}}"))).isEqualTo(CgroupLimits.NONE);
    }

    @Test
    void everyLimit_isCarried() throws Exception {
        CgroupLimits limits = OciCgroups.limits(resources("{\"memory\": {\"limit\": " + 64 * MIB + ", \"swap\": "
                + 96 * MIB + ", \"reservation\": " + 32 * MIB + "}, \"cpu\": {\"shares\": 512, \"quota\": 50000,"
                + " \"period\": 200000, \"cpus\": \"0-1\", \"mems\": \"0\"}, \"pids\": {\"limit\": 20}}"));

        assertThat(limits).isEqualTo(new CgroupLimits(64 * MIB, 96 * MIB, 32 * MIB, 50_000, 200_000, 512, "0-1", "0",
                20));
    }

    @Test
    void aQuotaWithoutPeriod_takesDockersPeriod() throws Exception {
        CgroupLimits limits = OciCgroups.limits(resources("{\"cpu\": {\"quota\": 50000}}"));
        assertThat(limits.cpuQuota()).isEqualTo(50_000);
        assertThat(limits.cpuPeriod()).isEqualTo(CgroupLimits.DEFAULT_CPU_PERIOD);
    }

    @Test
    void realConfigs_giveTheirLimits() throws Exception {
        assertThat(OciCgroups.limits(spec("podman-4.3.json").linux().resources()))
                .isEqualTo(CgroupLimits.NONE.withPids(2048));
        assertThat(OciCgroups.limits(spec("containerd-1.6.json").linux().resources()))
                .isEqualTo(CgroupLimits.NONE.withCpu(-1, -1, 1024, null, null));
    }

    @Test
    void impossibleLimits_nameTheirPath() {
        assertThatThrownBy(() -> OciCgroups.limits(resources("{\"memory\": {\"swap\": 1048576}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linux.resources.memory.swap: 1048576 needs memory.limit");
        assertThatThrownBy(() -> OciCgroups.limits(resources("{\"memory\": {\"limit\": 2097152, \"swap\": 1048576}}")))
                .hasMessageStartingWith("linux.resources.memory.swap: 1048576 is below memory.limit 2097152");
        assertThatThrownBy(() -> OciCgroups.limits(resources("{\"memory\": {\"limit\": -5}}")))
                .hasMessageStartingWith("linux.resources.memory.limit: -5");
        assertThatThrownBy(() -> OciCgroups.limits(resources("{\"cpu\": {\"shares\": 1}}")))
                .hasMessageStartingWith("linux.resources.cpu.shares: 1 (2 to 262144");
        assertThatThrownBy(() -> OciCgroups.limits(resources("{\"cpu\": {\"quota\": 500}}")))
                .hasMessageStartingWith("linux.resources.cpu.quota: 500");
        assertThatThrownBy(() -> OciCgroups.limits(resources("{\"cpu\": {\"quota\": 5000, \"period\": 5000000}}")))
                .hasMessageStartingWith("linux.resources.cpu.period: 5000000");
    }

    @Test
    void denyAllThenAllows_isTheAllows() throws Exception {
        List<DeviceRule> rules = OciCgroups.deviceAllowList(spec("containerd-1.6.json").linux().resources().devices());

        assertThat(rules).extracting(DeviceRule::toString).containsExactly("c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm",
                "c 5:0 rwm", "c 1:5 rwm", "c 1:9 rwm", "c 5:1 rwm", "c 136:* rwm", "c 5:2 rwm");
    }

    @Test
    void denyAllAlone_allowsNothing() throws Exception {
        assertThat(OciCgroups.deviceAllowList(spec("podman-4.3.json").linux().resources().devices())).isEmpty();
        assertThat(allowed("[]")).isEmpty();
    }

    @Test
    void allowAll_isDeviceRuleAll() throws Exception {
        assertThat(OciCgroups.deviceAllowList(resources("{\"devices\": [{\"allow\": true, \"access\": \"rwm\"}]}")
                .devices())).containsExactly(DeviceRule.ALL);
        assertThat(allowed("[{\"allow\": false}, {\"allow\": true, \"type\": \"a\"}, {\"allow\": true, \"type\": \"c\","
                + " \"major\": 1, \"minor\": 3}]")).containsExactly("a");
        assertThat(allowed("[{\"allow\": true, \"type\": \"c\"}, {\"allow\": true, \"type\": \"b\"}]"))
                .containsExactly("a");
    }

    @Test
    void allTypesWithNumbersOrSomeAccess_isACharAndABlockRule() throws Exception {
        assertThat(allowed("[{\"allow\": true, \"access\": \"m\"}]")).containsExactly("c *:* m", "b *:* m");
        assertThat(allowed("[{\"allow\": true, \"major\": 8, \"access\": \"r\"}]")).containsExactly("c 8:* r", "b 8:* r");
    }

    @Test
    void aDenyOfWholeRules_removesOrNarrowsThem() throws Exception {
        assertThat(allowed("[{\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3},"
                + " {\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 5},"
                + " {\"allow\": false, \"type\": \"c\", \"major\": 1, \"minor\": 3},"
                + " {\"allow\": false, \"type\": \"c\", \"major\": 1, \"access\": \"w\"},"
                + " {\"allow\": false, \"type\": \"b\"}]")).containsExactly("c 1:5 rm");
        assertThat(allowed("[{\"allow\": true}, {\"allow\": false, \"type\": \"b\", \"access\": \"m\"}]"))
                .containsExactly("c *:* rwm", "b *:* rw");
        assertThat(allowed("[{\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3}, {\"allow\": false},"
                + " {\"allow\": true, \"type\": \"c\", \"major\": 5, \"minor\": 0, \"access\": \"rw\"}]"))
                .containsExactly("c 5:0 rw");
    }

    @Test
    void aDenyInsideAnEarlierAllow_isRefusedNamingBoth() {
        assertThatThrownBy(() -> allowed("[{\"allow\": true, \"access\": \"rwm\"},"
                + " {\"allow\": false, \"type\": \"c\", \"major\": 10, \"minor\": 200, \"access\": \"rwm\"}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linux.resources.devices[1]: denying c 10:200 rwm after"
                        + " linux.resources.devices[0] allowed c *:* rwm is not supported");
        assertThatThrownBy(() -> allowed("[{\"allow\": false}, {\"allow\": true, \"type\": \"c\", \"major\": 136},"
                + " {\"allow\": false, \"type\": \"c\", \"major\": 136, \"minor\": 3}]"))
                .hasMessageStartingWith("linux.resources.devices[2]: denying c 136:3 rwm after"
                        + " linux.resources.devices[1] allowed c 136:* rwm");
    }

    @Test
    void wrongFields_nameTheirPath() {
        assertThatThrownBy(() -> allowed("[{\"allow\": true, \"type\": \"u\"}]"))
                .hasMessage("linux.resources.devices[0]: a, b or c, not u");
        assertThatThrownBy(() -> allowed("[{\"allow\": true, \"type\": \"c\", \"major\": 4294967296}]"))
                .hasMessageStartingWith("linux.resources.devices[0].major: 4294967296");
        assertThatThrownBy(() -> allowed("[{\"allow\": true, \"type\": \"c\", \"access\": \"rx\"}]"))
                .hasMessage("linux.resources.devices[0].access: some of r, w and m, not rx");
    }
}
