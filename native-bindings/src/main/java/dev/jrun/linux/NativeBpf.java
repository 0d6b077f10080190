package dev.jrun.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * bpf(2)'s BPF_PROG_LOAD and BPF_PROG_ATTACH for {@link LinuxSyscalls}. Each builds its own part of
 * {@code union bpf_attr} in native memory and passes that part's size: the kernel reads what lies
 * beyond as zeros, so the same call works from Linux 4.15 to today.
 */
final class NativeBpf {
    /** union bpf_attr for BPF_PROG_LOAD, up to and with prog_name (Linux 4.15, as the device program type). */
    private static final int SIZEOF_PROG_LOAD_ATTR = 64;
    /** union bpf_attr for BPF_PROG_ATTACH: target_fd, attach_bpf_fd, attach_type, attach_flags. */
    private static final int SIZEOF_PROG_ATTACH_ATTR = 16;
    /** prog_name's size, with its NUL. */
    private static final int BPF_OBJ_NAME_LEN = 16;
    /** Log level 1: the instructions the verifier walked, then why it stopped. */
    private static final int LOG_LEVEL_VERDICT = 1;
    /** Room for the log of a refused program (a device program's whole walk fits many times). */
    private static final int LOG_SIZE = 64 * 1024;

    private NativeBpf() {}

    static int progLoad(LinuxSyscalls sys, int progType, String name, long[] instructions, String license)
            throws SyscallException {
        if (name.length() >= BPF_OBJ_NAME_LEN) {
            throw new IllegalArgumentException("BPF program name " + name + " is longer than "
                    + (BPF_OBJ_NAME_LEN - 1) + " characters");
        }
        LinuxSyscalls.Args args = () -> "BPF_PROG_LOAD, {prog_type=" + Bpf.PROG_TYPE_NAMES.renderValue(progType)
                + ", insn_cnt=" + instructions.length + ", license=" + LinuxSyscalls.q(license)
                + ", prog_name=" + LinuxSyscalls.q(name) + "}, " + SIZEOF_PROG_LOAD_ATTR;
        try (NativeMemory m = new NativeMemory()) {
            Pointer insns = m.allocate(instructions.length * 8L);
            insns.write(0, instructions, 0, instructions.length); // little-endian longs are the structs
            Pointer attr = m.allocate(SIZEOF_PROG_LOAD_ATTR);
            attr.setInt(0, progType);
            attr.setInt(4, instructions.length);
            attr.setLong(8, Pointer.nativeValue(insns));
            attr.setLong(16, Pointer.nativeValue(m.string(license)));
            attr.setString(48, name, "US-ASCII");
            long fd = bpf(Bpf.BPF_PROG_LOAD, attr, SIZEOF_PROG_LOAD_ATTR);
            if (fd < 0) {
                int errno = Native.getLastError();
                // again, with the verifier's log, which says why (a load that works goes without: logging is slow)
                Pointer log = m.allocate(LOG_SIZE);
                attr.setInt(24, LOG_LEVEL_VERDICT);
                attr.setInt(28, LOG_SIZE);
                attr.setLong(32, Pointer.nativeValue(log));
                fd = bpf(Bpf.BPF_PROG_LOAD, attr, SIZEOF_PROG_LOAD_ATTR);
                if (fd < 0) {
                    sys.fail("bpf", args, errno, verdict(log.getString(0, "US-ASCII")));
                }
            }
            return sys.check("bpf", (int) fd, args);
        }
    }

    static void progAttach(LinuxSyscalls sys, int targetFd, int progFd, int attachType, int flags)
            throws SyscallException {
        try (NativeMemory m = new NativeMemory()) {
            Pointer attr = m.allocate(SIZEOF_PROG_ATTACH_ATTR);
            attr.setInt(0, targetFd);
            attr.setInt(4, progFd);
            attr.setInt(8, attachType);
            attr.setInt(12, flags);
            sys.check("bpf", (int) bpf(Bpf.BPF_PROG_ATTACH, attr, SIZEOF_PROG_ATTACH_ATTR),
                    () -> "BPF_PROG_ATTACH, {target_fd=" + targetFd + ", attach_bpf_fd=" + progFd + ", attach_type="
                            + Bpf.ATTACH_TYPE_NAMES.renderValue(attachType) + ", attach_flags="
                            + Bpf.ATTACH_FLAG_NAMES.render(flags) + "}, " + SIZEOF_PROG_ATTACH_ATTR);
        }
    }

    /**
     * Why the verifier refused a program: the last two lines of its log, before the statistics line
     * ({@code processed N insns ...}). A walk that failed ends with the instruction and the reason
     * ({@code 0: (95) exit; R0 !read_ok}); a control-flow error is one line ({@code unreachable insn 5}).
     * Null for an empty log (the kernel refused the program before the verifier ran).
     */
    static String verdict(String log) {
        List<String> lines = log.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("processed ")).toList();
        return lines.isEmpty() ? null
                : "verifier: " + String.join("; ", lines.subList(Math.max(0, lines.size() - 2), lines.size()));
    }

    private static long bpf(int command, Pointer attr, int size) {
        return LibC.syscall(LinuxSyscalls.NR.bpf(), command, Pointer.nativeValue(attr), size, 0, 0);
    }
}
