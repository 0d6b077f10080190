package dev.jrun.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.cgroup.CgroupLimits;
import dev.jrun.cgroup.DeviceRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine's limits and device allow-list written as linux.resources and read back the same. No root. */
class OciCgroupsResourcesTest {
    private static final long MIB = 1 << 20;
    private static final CgroupLimits EVERY_LIMIT = new CgroupLimits(64 * MIB, 96 * MIB, 32 * MIB, 50_000, 200_000,
            512, "0-1", "0", 20);
    private static final List<DeviceRule> RULES = Stream.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 136:* rw",
            "b 8:0 r", "c 10:200 rwm").map(DeviceRule::parse).toList();

    /** Written, then read back from config.json's text, as create reads the bundle jrun run writes. */
    private static OciResources written(CgroupLimits limits, List<DeviceRule> allowed) throws Exception {
        OciResources resources = OciCgroups.resources(limits, allowed);
        OciResources read = OciSpecReader.JSON.readValue(OciSpecReader.JSON.writeValueAsString(resources),
                OciResources.class);
        assertThat(read).as("config.json's text reads back as what was written").isEqualTo(resources);
        return read;
    }

    @Test
    void limits_readBackTheSame() throws Exception {
        for (CgroupLimits limits : List.of(CgroupLimits.NONE, EVERY_LIMIT,
                CgroupLimits.NONE.withMemory(64 * MIB, -1, -1),
                CgroupLimits.NONE.withMemory(64 * MIB, 64 * MIB, -1).withPids(1),
                CgroupLimits.NONE.withMemory(-1, -1, 16 * MIB),
                CgroupLimits.NONE.withCpu(CgroupLimits.quotaForCpus(1.5), CgroupLimits.DEFAULT_CPU_PERIOD, -1, null, null),
                CgroupLimits.NONE.withCpu(-1, -1, 2, null, "0-3"),
                CgroupLimits.NONE.withCpu(-1, -1, 262_144, "1,3", null))) {
            assertThat(OciCgroups.limits(written(limits, RULES))).as(limits.toString()).isEqualTo(limits);
        }
    }

    @Test
    void everyLimit_isWrittenInTheSpecsTerms_swapAsMemoryPlusSwap() {
        OciResources resources = OciCgroups.resources(EVERY_LIMIT, List.of());

        assertThat(resources.memory()).isEqualTo(new OciResources.Memory(64 * MIB, 32 * MIB, 96 * MIB));
        assertThat(resources.cpu()).isEqualTo(new OciResources.Cpu(512L, 50_000L, 200_000L, "0-1", "0"));
        assertThat(resources.pids()).isEqualTo(new OciResources.Pids(20));
    }

    @Test
    void unsetLimits_areLeftOut() throws Exception {
        OciResources none = OciCgroups.resources(CgroupLimits.NONE, List.of());
        assertThat(none.memory()).isNull();
        assertThat(none.cpu()).isNull();
        assertThat(none.pids()).isNull();
        assertThat(OciSpecReader.JSON.writeValueAsString(none))
                .isEqualTo("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}");
        assertThat(OciCgroups.resources(CgroupLimits.NONE.withMemory(64 * MIB, -1, -1), List.of()).memory())
                .isEqualTo(new OciResources.Memory(64 * MIB, null, null));
    }

    @Test
    void allowedDevices_readBackTheSame_afterDenyAll() throws Exception {
        OciResources resources = written(CgroupLimits.NONE, RULES);

        assertThat(OciCgroups.deviceAllowList(resources.devices())).isEqualTo(RULES);
        assertThat(resources.devices().get(0)).isEqualTo(new OciResources.DeviceAccess(false, null, null, null, "rwm"));
        assertThat(resources.devices().get(1)).as("any major or minor is left out")
                .isEqualTo(new OciResources.DeviceAccess(true, "c", null, null, "m"));
        assertThat(resources.devices().get(4)).isEqualTo(new OciResources.DeviceAccess(true, "c", 136L, null, "rw"));
        assertThat(OciCgroups.deviceAllowList(written(CgroupLimits.NONE, List.of()).devices())).isEmpty();
    }

    @Test
    void everyDevice_isOneAllowOfAll_readBackAsAll() throws Exception {
        OciResources privileged = written(CgroupLimits.NONE, null);

        assertThat(privileged.devices()).containsExactly(new OciResources.DeviceAccess(true, null, null, null, "rwm"));
        assertThat(OciCgroups.deviceAllowList(privileged.devices())).containsExactly(DeviceRule.ALL);
        assertThat(OciCgroups.deviceAllowList(written(CgroupLimits.NONE, List.of(DeviceRule.ALL)).devices()))
                .containsExactly(DeviceRule.ALL);
    }

    @Test
    void limitsConfigJsonWouldReadOtherwise_areRefusedNamingBoth() {
        assertThatThrownBy(() -> OciCgroups.resources(CgroupLimits.NONE.withMemory(0, -1, -1), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linux.resources cannot carry CgroupLimits[memory=0,")
                .hasMessageContaining("it would read back as CgroupLimits[memory=-1,");
        assertThatThrownBy(() -> OciCgroups.resources(CgroupLimits.NONE.withCpu(-1, 100_000, -1, null, null),
                List.of())).hasMessageStartingWith("linux.resources cannot carry");
        assertThatThrownBy(() -> OciCgroups.resources(CgroupLimits.NONE.withCpu(-1, -1, -1, " ", null), List.of()))
                .hasMessageStartingWith("linux.resources cannot carry");
        assertThatThrownBy(() -> OciCgroups.resources(CgroupLimits.NONE.withCpu(500, 100_000, -1, null, null),
                List.of())).hasMessageStartingWith("linux.resources.cpu.quota: 500");
    }
}
