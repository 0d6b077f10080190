package dev.jrun.cgroup;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs a device program (the eBPF that {@link Ebpf} emits) on one device access, as the kernel
 * would, and refuses what the kernel's verifier refuses of such code: an unknown instruction, a
 * register read before it is written, a context read other than a whole field, a jump out of the
 * program, an instruction no path reaches.
 */
final class EbpfInterpreter {
    /** {@code struct bpf_cgroup_dev_ctx}: access_type (type | access << 16), major, minor. */
    private final int[] context;
    private final long[] registers = new long[11];
    private final boolean[] written = new boolean[11];

    private EbpfInterpreter(int type, int access, int major, int minor) {
        context = new int[] {type | access << 16, major, minor};
        written[Ebpf.R1] = true; // the context's address
    }

    /** The program's answer for an access ({@code BPF_DEVCG_ACC_*} bits) to device {@code type major:minor}. */
    static long run(long[] program, int type, int access, int major, int minor) {
        requireAllReachable(program);
        return new EbpfInterpreter(type, access, major, minor).execute(program);
    }

    private long execute(long[] program) {
        for (int pc = 0; pc < program.length; pc++) {
            long insn = program[pc];
            int dst = (int) (insn >>> 8) & 0xf;
            int src = (int) (insn >>> 12) & 0xf;
            int off = (short) (insn >>> 16);
            int imm = (int) (insn >>> 32);
            switch (code(insn)) {
                case Ebpf.LDX_MEM_W -> write(dst, contextWord(src, off) & 0xffffffffL);
                case Ebpf.ALU_AND_K -> write(dst, read(dst) & imm & 0xffffffffL);
                case Ebpf.ALU_RSH_K -> write(dst, (read(dst) & 0xffffffffL) >>> imm);
                case Ebpf.ALU64_MOV_K -> write(dst, imm);
                case Ebpf.JMP_JNE_K -> pc += read(dst) != imm ? off : 0;
                case Ebpf.JMP_JSET_K -> pc += (read(dst) & imm) != 0 ? off : 0;
                case Ebpf.JMP_EXIT -> {
                    return read(Ebpf.R0);
                }
                default -> throw new IllegalStateException("unknown eBPF code 0x" + Integer.toHexString(code(insn)));
            }
        }
        throw new IllegalStateException("the program ran off its end");
    }

    private int contextWord(int src, int off) {
        if (src != Ebpf.R1 || off < 0 || off > 8 || off % 4 != 0) {
            throw new IllegalStateException("invalid bpf_context access r" + src + " +" + off);
        }
        return context[off / 4];
    }

    private long read(int register) {
        if (!written[register]) {
            throw new IllegalStateException("R" + register + " !read_ok");
        }
        return registers[register];
    }

    private void write(int register, long value) {
        registers[register] = value;
        written[register] = true;
    }

    private static int code(long insn) {
        return (int) insn & 0xff;
    }

    /** The verifier's control-flow check: every jump lands inside, and every instruction is reached. */
    static void requireAllReachable(long[] program) {
        boolean[] reached = new boolean[program.length];
        Deque<Integer> next = new ArrayDeque<>(java.util.List.of(0));
        while (!next.isEmpty()) {
            int pc = next.pop();
            if (pc >= program.length) {
                throw new IllegalStateException("jump out of range to " + pc);
            }
            if (reached[pc]) {
                continue;
            }
            reached[pc] = true;
            int code = code(program[pc]);
            if (code != Ebpf.JMP_EXIT) {
                next.push(pc + 1);
            }
            if (code == Ebpf.JMP_JNE_K || code == Ebpf.JMP_JSET_K) {
                next.push(pc + 1 + (short) (program[pc] >>> 16));
            }
        }
        for (int pc = 0; pc < program.length; pc++) {
            if (!reached[pc]) {
                throw new IllegalStateException("unreachable insn " + pc);
            }
        }
    }
}
