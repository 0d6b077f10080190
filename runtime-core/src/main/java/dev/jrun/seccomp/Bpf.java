package dev.jrun.seccomp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A classic BPF program under construction, with forward jumps to named labels resolved at the end
 * (a conditional jump reaches at most 255 instructions ahead: the compiler keeps them short).
 */
final class Bpf {
    static final int LD_W_ABS = 0x20;   // BPF_LD | BPF_W | BPF_ABS: A = seccomp_data word at k
    static final int ALU_AND_K = 0x54;  // BPF_ALU | BPF_AND | BPF_K: A &= k
    static final int JMP_JA = 0x05;     // BPF_JMP | BPF_JA: jump k ahead
    static final int JMP_JEQ_K = 0x15;  // BPF_JMP | BPF_JEQ | BPF_K
    static final int JMP_JGT_K = 0x25;  // BPF_JMP | BPF_JGT | BPF_K
    static final int JMP_JGE_K = 0x35;  // BPF_JMP | BPF_JGE | BPF_K
    static final int RET_K = 0x06;      // BPF_RET | BPF_K: return k

    /** An instruction whose targets may still be labels (null: the next instruction). */
    private record Insn(int code, String jt, String jf, String ja, int k) {}

    private final List<Insn> code = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private int nextLabel;

    String newLabel() {
        return "L" + nextLabel++;
    }

    void label(String name) {
        labels.put(name, code.size());
    }

    void load(int offset) {
        code.add(new Insn(LD_W_ABS, null, null, null, offset));
    }

    void and(int mask) {
        code.add(new Insn(ALU_AND_K, null, null, null, mask));
    }

    /** if (A op k) goto jt else goto jf; a null label is the next instruction. */
    void jump(int op, int k, String jt, String jf) {
        code.add(new Insn(op, jt, jf, null, k));
    }

    void jumpAlways(String target) {
        code.add(new Insn(JMP_JA, null, null, target, 0));
    }

    void ret(int value) {
        code.add(new Insn(RET_K, null, null, null, value));
    }

    int size() {
        return code.size();
    }

    /** The instructions as {@code struct sock_filter} packed in longs (see Syscalls.seccompFilter). */
    long[] assemble() {
        long[] out = new long[code.size()];
        for (int i = 0; i < code.size(); i++) {
            Insn insn = code.get(i);
            int k = insn.ja() != null ? offset(i, insn.ja(), Integer.MAX_VALUE) : insn.k();
            int jt = insn.jt() == null ? 0 : offset(i, insn.jt(), 255);
            int jf = insn.jf() == null ? 0 : offset(i, insn.jf(), 255);
            out[i] = ((long) insn.code() << 48) | ((long) jt << 40) | ((long) jf << 32) | (k & 0xffffffffL);
        }
        return out;
    }

    private int offset(int from, String label, int max) {
        Integer to = labels.get(label);
        if (to == null || to <= from) {
            throw new IllegalStateException("BPF label " + label + " is not ahead of instruction " + from);
        }
        int offset = to - from - 1;
        if (offset > max) {
            throw new IllegalStateException("BPF jump from " + from + " to " + label + " is " + offset + " long");
        }
        return offset;
    }
}
