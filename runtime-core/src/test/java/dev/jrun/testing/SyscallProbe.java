package dev.jrun.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tiny static x86_64 executable that makes one system call with fixed arguments and exits with its
 * errno (0 on success): how a test asks "may a container make this call?" of calls no busybox applet
 * makes. Written byte by byte: an ELF header, one loadable segment, and the code.
 */
public final class SyscallProbe {
    private static final long BASE = 0x400000;
    private static final int HEADERS = 64 + 56;

    private SyscallProbe() {}

    /** The executable for {@code syscall(nr, args...)} (at most six arguments, the rest 0). */
    public static byte[] x86_64(int nr, long... args) {
        ByteBuffer code = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        movabs(code, new byte[] {0x48, (byte) 0xB8}, nr);                  // mov rax, nr
        byte[][] registers = {{0x48, (byte) 0xBF}, {0x48, (byte) 0xBE}, {0x48, (byte) 0xBA},   // rdi rsi rdx
            {0x49, (byte) 0xBA}, {0x49, (byte) 0xB8}, {0x49, (byte) 0xB9}};                // r10 r8 r9
        for (int i = 0; i < 6; i++) {
            movabs(code, registers[i], i < args.length ? args[i] : 0);
        }
        code.put(new byte[] {0x0F, 0x05,                       // syscall
            0x48, (byte) 0x89, (byte) 0xC7,                    // mov rdi, rax
            0x48, (byte) 0xF7, (byte) 0xDF,                    // neg rdi: -rax is the errno of a failure
            0x48, (byte) 0x85, (byte) 0xC0,                    // test rax, rax
            0x78, 0x02,                                        // js +2: a failure keeps its errno
            0x31, (byte) 0xFF,                                 // xor edi, edi: a success exits 0
            (byte) 0xB8, 60, 0, 0, 0,                          // mov eax, 60 (exit)
            0x0F, 0x05});                                      // syscall
        int size = HEADERS + code.position();
        ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // 64-bit, little-endian
        elf.putShort((short) 2).putShort((short) 0x3E).putInt(1);        // ET_EXEC, EM_X86_64, EV_CURRENT
        elf.putLong(BASE + HEADERS).putLong(64).putLong(0).putInt(0);    // entry, phoff, shoff, flags
        elf.putShort((short) 64).putShort((short) 56).putShort((short) 1) // ehsize, phentsize, phnum
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        elf.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE)   // PT_LOAD, R+X, offset, vaddr, paddr
                .putLong(size).putLong(size).putLong(0x1000);            // filesz, memsz, align
        elf.put(code.array(), 0, code.position());
        return elf.array();
    }

    private static void movabs(ByteBuffer code, byte[] opcode, long value) {
        code.put(opcode).putLong(value);
    }
}
