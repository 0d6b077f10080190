package dev.jrun.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.linux.Arch;
import dev.jrun.linux.SyscallTable;
import dev.jrun.seccomp.SeccompCompiler;
import dev.jrun.seccomp.SeccompProfile;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A docker profile written as linux.seccomp and read back: the proof is that the filter compiled from
 * config.json's form is, instruction for instruction, the one compiled from the profile itself. No root.
 */
class OciSeccompFromProfileTest {
    private static final long DOCKER = ProcessPrivileges.DOCKER_DEFAULT;
    private static final long CAP_SYS_ADMIN = 1L << 21;
    private static final String KERNEL = "6.1.0";

    /** The profile compiled directly, as the engine does with --security-opt seccomp. */
    private static long[] direct(SeccompProfile profile, Arch arch, long caps, String kernel) {
        return SeccompCompiler.compile(profile, SyscallTable.of(arch), caps, kernel);
    }

    /** The profile written into config.json, read back and compiled, as create does with a bundle. */
    private static long[] throughConfig(SeccompProfile profile, Arch arch, long caps, String kernel) throws Exception {
        OciSeccomp written = OciSeccompProfiles.fromProfile(profile, arch, caps, kernel);
        OciSeccomp read = OciSpecReader.JSON.readValue(OciSpecReader.JSON.writeValueAsString(written), OciSeccomp.class);
        assertThat(read).as("config.json's text reads back as what was written").isEqualTo(written);
        return SeccompCompiler.compile(OciSeccompProfiles.toProfile(read, arch), SyscallTable.of(arch), caps, kernel);
    }

    private static void assertSameFilter(Arch arch, long caps, String kernel) throws Exception {
        SeccompProfile profile = SeccompProfile.defaultProfile();
        assertThat(throughConfig(profile, arch, caps, kernel)).as(arch + " " + Long.toHexString(caps) + " " + kernel)
                .containsExactly(direct(profile, arch, caps, kernel));
    }

    @Test
    void defaultProfile_x86_64_dockersCaps_compilesToTheSameFilter() throws Exception {
        assertSameFilter(Arch.X86_64, DOCKER, KERNEL);
    }

    @Test
    void defaultProfile_aarch64_dockersCaps_compilesToTheSameFilter() throws Exception {
        assertSameFilter(Arch.AARCH64, DOCKER, KERNEL);
    }

    @Test
    void defaultProfile_withSysAdmin_compilesToTheSameFilter() throws Exception {
        assertSameFilter(Arch.X86_64, DOCKER | CAP_SYS_ADMIN, KERNEL);
        assertSameFilter(Arch.AARCH64, DOCKER | CAP_SYS_ADMIN, KERNEL);
    }

    @Test
    void defaultProfile_onAnOldKernel_orWithNoCaps_compilesToTheSameFilter() throws Exception {
        assertSameFilter(Arch.X86_64, DOCKER, "4.4.0-210-generic");
        assertSameFilter(Arch.X86_64, 0, KERNEL);
    }

    @Test
    void rulesAreResolvedForTheContainer_asDockerWritesThem() {
        OciSeccomp docker = OciSeccompProfiles.fromProfile(SeccompProfile.defaultProfile(), Arch.X86_64, DOCKER, KERNEL);
        OciSeccomp admin = OciSeccompProfiles.fromProfile(SeccompProfile.defaultProfile(), Arch.X86_64,
                DOCKER | CAP_SYS_ADMIN, KERNEL);

        assertThat(docker.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(docker.defaultErrnoRet()).isEqualTo(1);
        assertThat(docker.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        assertThat(docker.flags()).isEmpty();
        assertThat(names(docker, "SCMP_ACT_ALLOW")).contains("read", "arch_prctl", "ptrace", "chroot")
                .doesNotContain("bpf", "mount", "arm_fadvise64_64");
        assertThat(names(admin, "SCMP_ACT_ALLOW")).contains("bpf", "mount", "clone3");
        assertThat(docker.syscalls()).filteredOn(s -> s.names().equals(List.of("clone"))).singleElement()
                .satisfies(clone -> assertThat(clone.args()).containsExactly(new OciSeccomp.Arg(0,
                        BigInteger.valueOf(2114060288), BigInteger.ZERO, "SCMP_CMP_MASKED_EQ")));
        assertThat(names(OciSeccompProfiles.fromProfile(SeccompProfile.defaultProfile(), Arch.X86_64, DOCKER,
                "4.4.0"), "SCMP_ACT_ALLOW")).as("ptrace needs 4.8").doesNotContain("ptrace");
        assertThat(OciSeccompProfiles.fromProfile(SeccompProfile.defaultProfile(), Arch.AARCH64, DOCKER, KERNEL)
                .architectures()).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
    }

    private static List<String> names(OciSeccomp seccomp, String action) {
        return seccomp.syscalls().stream().filter(s -> s.action().equals(action)).flatMap(s -> s.names().stream())
                .toList();
    }

    @Test
    void theOldSingleNameForm_isWrittenAsNames() {
        OciSeccomp written = OciSeccompProfiles.fromProfile(new SeccompProfile("SCMP_ACT_ALLOW", null, List.of(
                new SeccompProfile.Rule(null, "mount", "SCMP_ACT_ERRNO", 13, null, null, null))), Arch.X86_64, 0, KERNEL);
        assertThat(written.syscalls()).containsExactly(new OciSeccomp.Syscall(List.of("mount"), "SCMP_ACT_ERRNO", 13,
                List.of()));
    }

    @Test
    void noProfile_isNoFilter() {
        assertThat(OciSeccompProfiles.fromProfile(null, Arch.X86_64, DOCKER, KERNEL)).isNull();
    }

    @Test
    void twoComparisonsOfOneArgument_areRefusedNamingTheRule() {
        SeccompProfile both = new SeccompProfile("SCMP_ACT_ERRNO", null, List.of(new SeccompProfile.Rule(
                List.of("personality"), null, "SCMP_ACT_ALLOW", null, List.of(
                        new SeccompProfile.Arg(0, BigInteger.ZERO, null, "SCMP_CMP_GE"),
                        new SeccompProfile.Arg(0, BigInteger.TEN, null, "SCMP_CMP_LE")), null, null)));
        assertThatThrownBy(() -> OciSeccompProfiles.fromProfile(both, Arch.X86_64, DOCKER, KERNEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the seccomp rule for [personality] compares argument 0 twice");
    }
}
