package dev.jrun.seccomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.linux.Arch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a docker profile's rule applies: its includes and excludes against arch, capabilities and kernel. */
class SeccompProfileRuleTest {
    private static final long CAP_SYS_ADMIN = 1L << 21;
    private static final long CAPS = ProcessPrivileges.DOCKER_DEFAULT;

    private static SeccompProfile.Rule rule(SeccompProfile.Filter includes, SeccompProfile.Filter excludes) {
        return new SeccompProfile.Rule(List.of("bpf"), null, "SCMP_ACT_ALLOW", null, null, includes, excludes);
    }

    private static SeccompProfile.Filter filter(List<String> caps, List<String> arches, String minKernel) {
        return new SeccompProfile.Filter(caps, arches, minKernel);
    }

    @Test
    void noFilters_appliesEverywhere() {
        assertThat(rule(null, null).appliesTo(Arch.AARCH64, 0, "3.10.0")).isTrue();
    }

    @Test
    void includes_needEveryCapTheArchAndTheKernel() {
        SeccompProfile.Rule r = rule(filter(List.of("CAP_SYS_ADMIN"), List.of("amd64"), "5.8"), null);
        assertThat(r.appliesTo(Arch.X86_64, CAPS | CAP_SYS_ADMIN, "6.1.0-57-amd64")).isTrue();
        assertThat(r.appliesTo(Arch.X86_64, CAPS, "6.1.0")).as("no CAP_SYS_ADMIN").isFalse();
        assertThat(r.appliesTo(Arch.AARCH64, CAPS | CAP_SYS_ADMIN, "6.1.0")).as("arm64").isFalse();
        assertThat(r.appliesTo(Arch.X86_64, CAPS | CAP_SYS_ADMIN, "5.4.0")).as("older kernel").isFalse();
    }

    @Test
    void excludes_dropOnAnyCapTheArchOrANewEnoughKernel() {
        assertThat(rule(null, filter(List.of("CAP_SYS_ADMIN"), null, null)).appliesTo(Arch.X86_64, CAPS, "6.1.0"))
                .isTrue();
        assertThat(rule(null, filter(List.of("CAP_SYS_ADMIN"), null, null))
                .appliesTo(Arch.X86_64, CAPS | CAP_SYS_ADMIN, "6.1.0")).isFalse();
        assertThat(rule(null, filter(null, List.of("arm64"), null)).appliesTo(Arch.AARCH64, CAPS, "6.1.0")).isFalse();
        assertThat(rule(null, filter(null, List.of("arm64"), null)).appliesTo(Arch.X86_64, CAPS, "6.1.0")).isTrue();
        assertThat(rule(null, filter(null, null, "5.8")).appliesTo(Arch.X86_64, CAPS, "6.1.0"))
                .as("docker drops a rule whose excludes.minKernel the kernel reaches").isFalse();
        assertThat(rule(null, filter(null, null, "5.8")).appliesTo(Arch.X86_64, CAPS, "5.4.0")).isTrue();
    }

    @Test
    void emptyLists_areNoCondition_asDockerReadsThem() {
        assertThat(rule(filter(List.of(), List.of(), null), filter(List.of(), List.of(), null))
                .appliesTo(Arch.X86_64, 0, "6.1.0")).isTrue();
    }
}
