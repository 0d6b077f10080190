package dev.jrun.cgroup;

/**
 * The eBPF instructions a device program needs, one method each. An instruction is
 * {@code struct bpf_insn} ({@code u8 code; u8 dst_reg:4, src_reg:4; s16 off; s32 imm}) packed in a long
 * as a little-endian machine stores it: code in bits 0-7, dst_reg 8-11, src_reg 12-15, off 16-31, imm
 * 32-63 (see Syscalls.bpfProgLoad). A code is a class, an operation and a source, from
 * {@code <linux/bpf_common.h>} and {@code <linux/bpf.h>}; ALU is 32-bit (the upper half of the result
 * is zeroed), ALU64 and JMP are 64-bit, and a jump skips {@code off} instructions when it is taken.
 */
final class Ebpf {
    static final int LDX_MEM_W = 0x61;   // BPF_LDX | BPF_MEM | BPF_W
    static final int ALU_AND_K = 0x54;   // BPF_ALU | BPF_AND | BPF_K
    static final int ALU_RSH_K = 0x74;   // BPF_ALU | BPF_RSH | BPF_K
    static final int ALU64_MOV_K = 0xb7; // BPF_ALU64 | BPF_MOV | BPF_K
    static final int JMP_JNE_K = 0x55;   // BPF_JMP | BPF_JNE | BPF_K
    static final int JMP_JSET_K = 0x45;  // BPF_JMP | BPF_JSET | BPF_K
    static final int JMP_EXIT = 0x95;    // BPF_JMP | BPF_EXIT

    /** r0 holds the return value at exit, r1 the context at entry; r2 to r5 are free. */
    static final int R0 = 0;
    static final int R1 = 1;
    static final int R2 = 2;
    static final int R3 = 3;
    static final int R4 = 4;
    static final int R5 = 5;

    private Ebpf() {}

    /** dst = *(u32 *) (src + off) */
    static long loadWord(int dst, int src, int off) {
        return encode(LDX_MEM_W, dst, src, off, 0);
    }

    /** dst = (u32) dst &amp; imm */
    static long and(int dst, int imm) {
        return encode(ALU_AND_K, dst, 0, 0, imm);
    }

    /** dst = (u32) dst &gt;&gt; imm */
    static long shiftRight(int dst, int imm) {
        return encode(ALU_RSH_K, dst, 0, 0, imm);
    }

    /** dst = imm */
    static long move(int dst, int imm) {
        return encode(ALU64_MOV_K, dst, 0, 0, imm);
    }

    /** if (dst != imm) skip {@code skip} instructions */
    static long jumpIfNotEqual(int dst, int imm, int skip) {
        return encode(JMP_JNE_K, dst, 0, skip, imm);
    }

    /** if (dst &amp; imm) skip {@code skip} instructions */
    static long jumpIfAnySet(int dst, int imm, int skip) {
        return encode(JMP_JSET_K, dst, 0, skip, imm);
    }

    /** return r0 */
    static long exit() {
        return encode(JMP_EXIT, 0, 0, 0, 0);
    }

    private static long encode(int code, int dst, int src, int off, int imm) {
        return code | dst << 8 | src << 12 | (off & 0xffffL) << 16 | (long) imm << 32;
    }
}
