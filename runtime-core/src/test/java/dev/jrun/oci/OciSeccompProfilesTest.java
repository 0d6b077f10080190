package dev.jrun.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.linux.Arch;
import dev.jrun.linux.SyscallTable;
import dev.jrun.seccomp.BpfInterpreter;
import dev.jrun.seccomp.SeccompCompiler;
import dev.jrun.seccomp.SeccompProfile;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** linux.seccomp converted to the engine's profile, compiled and run through a BPF interpreter. No root. */
class OciSeccompProfilesTest {
    private static final int ALLOW = 0x7fff0000;
    private static final int ERRNO = 0x00050000;
    private static final SyscallTable X86 = SyscallTable.of(Arch.X86_64);

    private static OciSeccomp podman() throws Exception {
        try (InputStream in = OciSeccompProfilesTest.class.getResourceAsStream("podman-4.3.json")) {
            return OciSpecReader.parse("podman", new String(in.readAllBytes(), StandardCharsets.UTF_8)).linux()
                    .seccomp();
        }
    }

    private static OciSeccomp parse(String json) throws IOException {
        return OciSpecReader.JSON.readValue(json, OciSeccomp.class);
    }

    private static long[] compile(SeccompProfile profile, SyscallTable table) {
        return SeccompCompiler.compile(profile, table, ProcessPrivileges.DOCKER_DEFAULT, "6.1.0");
    }

    private static int call(long[] program, String name, long... args) {
        return BpfInterpreter.run(program, X86.number(name), Arch.X86_64.auditArch(), args);
    }

    @Test
    void podmansProfile_compilesAndDecidesAsItSays() throws Exception {
        SeccompProfile profile = OciSeccompProfiles.toProfile(podman(), Arch.X86_64);

        assertThat(profile.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(profile.defaultErrnoRet()).isEqualTo(38);
        assertThat(profile.syscalls()).hasSize(19);
        long[] p = compile(profile, X86);
        assertThat(p.length).as("instructions (the kernel takes up to 4096)").isLessThan(4096);
        assertThat(call(p, "read")).isEqualTo(ALLOW);
        assertThat(call(p, "openat")).isEqualTo(ALLOW);
        assertThat(call(p, "kexec_load")).isEqualTo(ERRNO | 1);
        assertThat(call(p, "add_key")).as("named by no rule: the default, ENOSYS").isEqualTo(ERRNO | 38);
        assertThat(call(p, "personality", 8)).isEqualTo(ALLOW);
        assertThat(call(p, "personality", 4294967295L)).isEqualTo(ALLOW);
        assertThat(call(p, "personality", 0x0040000)).isEqualTo(ERRNO | 38);
    }

    @Test
    void podmansProfile_onAnotherMachine_isRefusedForItsArchitectures() throws Exception {
        OciSeccomp x86Only = podman();
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(x86Only, Arch.AARCH64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linux.seccomp.architectures: [SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32]")
                .hasMessageContaining("SCMP_ARCH_AARCH64");
    }

    @Test
    void noArchitectures_meansTheHostsOwn() throws Exception {
        SeccompProfile profile = OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
                + " \"syscalls\": [{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}"),
                Arch.AARCH64);
        SyscallTable arm = SyscallTable.of(Arch.AARCH64);
        long[] p = compile(profile, arm);
        assertThat(BpfInterpreter.run(p, arm.number("mount"), Arch.AARCH64.auditArch())).isEqualTo(ERRNO | 13);
        assertThat(BpfInterpreter.run(p, arm.number("read"), Arch.AARCH64.auditArch())).isEqualTo(ALLOW);
    }

    @Test
    void everyActionAndOperatorTheCompilerLists_compiles() throws Exception {
        for (String action : SeccompCompiler.ACTIONS) {
            for (String op : SeccompCompiler.OPERATORS) {
                SeccompProfile profile = OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ERRNO\","
                        + " \"syscalls\": [{\"names\": [\"ioctl\"], \"action\": \"" + action + "\", \"args\": [{\"index\":"
                        + " 1, \"value\": 21505, \"valueTwo\": 21505, \"op\": \"" + op + "\"}]}]}"), Arch.X86_64);
                assertThat(compile(profile, X86)).as(action + " " + op).isNotEmpty();
            }
        }
    }

    @Test
    void argumentsAndErrno_areKept() throws Exception {
        SeccompProfile profile = OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
                + " \"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": [{\"names\": [\"clone\", \"unshare\"],"
                + " \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1, \"args\": [{\"index\": 0,"
                + " \"value\": 2080505856, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"},"
                + " {\"index\": 1, \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_NE\"}]}]}"), Arch.X86_64);

        assertThat(profile.syscalls()).containsExactly(new SeccompProfile.Rule(List.of("clone", "unshare"), null,
                "SCMP_ACT_ERRNO", 1, List.of(
                        new SeccompProfile.Arg(0, BigInteger.valueOf(2080505856), BigInteger.ZERO, "SCMP_CMP_MASKED_EQ"),
                        new SeccompProfile.Arg(1, new BigInteger("18446744073709551615"), BigInteger.ZERO,
                                "SCMP_CMP_NE")), null, null));
        long[] p = compile(profile, X86);
        assertThat(call(p, "clone", 0x10000000L, 0)).as("CLONE_NEWUSER: a namespace bit, so no match").isEqualTo(ALLOW);
        assertThat(call(p, "clone", 0x00000100L, 0)).as("a thread: no namespace bit").isEqualTo(ERRNO | 1);
        assertThat(call(p, "clone", 0x00000100L, -1L)).as("arg 1 is all ones").isEqualTo(ALLOW);
    }

    @Test
    void twoComparisonsOfOneArgument_matchWhenEitherHolds_asRuncSplitsThem() throws Exception {
        SeccompProfile profile = OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ERRNO\","
                + " \"syscalls\": [{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": ["
                + "{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"},"
                + " {\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]}"), Arch.X86_64);

        assertThat(profile.syscalls()).hasSize(2);
        long[] p = compile(profile, X86);
        assertThat(call(p, "personality", 0)).isEqualTo(ALLOW);
        assertThat(call(p, "personality", 8)).isEqualTo(ALLOW);
        assertThat(call(p, "personality", 9)).isEqualTo(ERRNO | 1);
    }

    @Test
    void noSeccomp_isNoFilter() {
        assertThat(OciSeccompProfiles.toProfile(null, Arch.X86_64)).isNull();
    }

    @Test
    void notify_isRefusedNamingItsPath() {
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ERRNO\","
                + " \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
                + " {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"), Arch.X86_64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linux.seccomp.syscalls[1].action: SCMP_ACT_NOTIFY is not supported");
    }

    @Test
    void whatTheCompilerLacks_isRefusedNamingItsPath() {
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(parse("{\"syscalls\": []}"), Arch.X86_64))
                .hasMessage("linux.seccomp.defaultAction: missing");
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}"),
                Arch.X86_64)).hasMessageStartingWith("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY is not supported");
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
                + " \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0,"
                + " \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}, {\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}"),
                Arch.X86_64)).hasMessageStartingWith("linux.seccomp.syscalls[0].args[1].index: 6");
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
                + " \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0,"
                + " \"value\": 1, \"op\": \"SCMP_CMP_BETWEEN\"}]}]}"), Arch.X86_64))
                .hasMessageStartingWith("linux.seccomp.syscalls[0].args[0].op: SCMP_CMP_BETWEEN is not supported");
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
                + " \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0,"
                + " \"value\": -1, \"op\": \"SCMP_CMP_EQ\"}]}]}"), Arch.X86_64))
                .hasMessage("linux.seccomp.syscalls[0].args[0].value: -1 is not a 64-bit unsigned number");
    }

    @Test
    void harmlessFlags_areAccepted_othersRefused() throws Exception {
        assertThat(OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\":"
                + " [\"SECCOMP_FILTER_FLAG_TSYNC\", \"SECCOMP_FILTER_FLAG_LOG\", \"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"]}"),
                Arch.X86_64).defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
        assertThatThrownBy(() -> OciSeccompProfiles.toProfile(parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\":"
                + " [\"SECCOMP_FILTER_FLAG_LOG\", \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]}"), Arch.X86_64))
                .hasMessageStartingWith("linux.seccomp.flags[1]: SECCOMP_FILTER_FLAG_NEW_LISTENER is not supported");
    }
}
