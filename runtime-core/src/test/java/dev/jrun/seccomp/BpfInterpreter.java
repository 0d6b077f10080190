package dev.jrun.seccomp;

/** Runs a seccomp BPF program (the instructions SeccompCompiler emits) on one system call, as the kernel would. */
public final class BpfInterpreter {
    private BpfInterpreter() {}

    public static int run(long[] program, int nr, int arch, long... args) {
        int a = 0;
        for (int pc = 0; pc < program.length; pc++) {
            long insn = program[pc];
            int code = (int) (insn >>> 48) & 0xffff;
            int jt = (int) (insn >>> 40) & 0xff;
            int jf = (int) (insn >>> 32) & 0xff;
            int k = (int) insn;
            switch (code) {
                case Bpf.LD_W_ABS -> a = word(k, nr, arch, args);
                case Bpf.ALU_AND_K -> a &= k;
                case Bpf.JMP_JA -> pc += k;
                case Bpf.JMP_JEQ_K -> pc += a == k ? jt : jf;
                case Bpf.JMP_JGT_K -> pc += Integer.compareUnsigned(a, k) > 0 ? jt : jf;
                case Bpf.JMP_JGE_K -> pc += Integer.compareUnsigned(a, k) >= 0 ? jt : jf;
                case Bpf.RET_K -> {
                    return k;
                }
                default -> throw new IllegalStateException("unknown BPF code 0x" + Integer.toHexString(code) + " at " + pc);
            }
        }
        throw new IllegalStateException("the program ran off its end");
    }

    private static int word(int offset, int nr, int arch, long[] args) {
        if (offset == 0) {
            return nr;
        }
        if (offset == 4) {
            return arch;
        }
        int index = (offset - 16) / 8;
        long arg = index < args.length ? args[index] : 0;
        return (offset - 16) % 8 == 0 ? (int) arg : (int) (arg >>> 32);
    }
}
