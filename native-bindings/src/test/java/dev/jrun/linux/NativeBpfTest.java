package dev.jrun.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** bpf(2) on this machine's kernel (as root), and the verifier's verdict picked from its log. */
class NativeBpfTest {
    /** struct bpf_insn as little-endian longs: r0 = 1 (BPF_ALU64|BPF_MOV|BPF_K), exit (BPF_JMP|BPF_EXIT). */
    private static final long R0_IS_1 = 0xb7L | (1L << 32);
    private static final long EXIT = 0x95L;

    private final LinuxSyscalls sys = new LinuxSyscalls();

    @Test
    void progLoad_givesADescriptorForAProgramTheVerifierTakes() throws Exception {
        assumeTrue(sys.geteuid() == 0, "needs root: loading a BPF program needs CAP_SYS_ADMIN");

        int fd = sys.bpfProgLoad(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, "jrun_test", new long[] {R0_IS_1, EXIT}, "GPL");

        assertThat(fd).isGreaterThan(2);
        sys.close(fd);
    }

    @Test
    void progLoad_ofARefusedProgram_saysWhatTheVerifierSaid() {
        assumeTrue(sys.geteuid() == 0, "needs root: loading a BPF program needs CAP_SYS_ADMIN");

        assertThatThrownBy(() -> sys.bpfProgLoad(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, "jrun_test", new long[] {EXIT}, "GPL"))
                .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES))
                .hasMessage("bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_CGROUP_DEVICE, insn_cnt=1, license=\"GPL\","
                        + " prog_name=\"jrun_test\"}, 64) failed: EACCES (Permission denied):"
                        + " verifier: 0: (95) exit; R0 !read_ok");
    }

    @Test
    void progLoad_refusesANameTheKernelHasNoRoomFor() {
        assertThatThrownBy(() -> sys.bpfProgLoad(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, "jrun_devices_long", new long[] {EXIT},
                "GPL")).hasMessage("BPF program name jrun_devices_long is longer than 15 characters");
    }

    @Test
    void verdict_isTheEndOfTheLogWithoutItsStatistics() {
        assertThat(NativeBpf.verdict("func#0 @0\n0: R1=ctx() R10=fp0\n0: (61) r2 = *(u32 *)(r1 +12)\n"
                + "invalid bpf_context access off=12 size=4\nprocessed 1 insns (limit 1000000) max_states_per_insn 0\n"))
                .isEqualTo("verifier: 0: (61) r2 = *(u32 *)(r1 +12); invalid bpf_context access off=12 size=4");
        assertThat(NativeBpf.verdict("unreachable insn 5\n")).isEqualTo("verifier: unreachable insn 5");
        assertThat(NativeBpf.verdict("")).isNull();
    }
}
