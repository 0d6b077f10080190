package dev.jrun.seccomp;

import static dev.jrun.linux.Seccomp.DATA_ARCH;
import static dev.jrun.linux.Seccomp.DATA_ARGS;
import static dev.jrun.linux.Seccomp.DATA_NR;
import static dev.jrun.linux.Seccomp.SECCOMP_RET_ALLOW;
import static dev.jrun.linux.Seccomp.SECCOMP_RET_ERRNO;
import static dev.jrun.linux.Seccomp.SECCOMP_RET_KILL_PROCESS;
import static dev.jrun.linux.Seccomp.SECCOMP_RET_KILL_THREAD;
import static dev.jrun.linux.Seccomp.SECCOMP_RET_LOG;
import static dev.jrun.linux.Seccomp.SECCOMP_RET_TRACE;
import static dev.jrun.linux.Seccomp.SECCOMP_RET_TRAP;

import dev.jrun.linux.Arch;
import dev.jrun.linux.SyscallTable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles a {@link SeccompProfile} for one architecture and capability set into a classic BPF
 * filter, in Java (no libseccomp): check the architecture, refuse x32 calls on x86_64, then one
 * block per system call the profile names, each returning its rule's action when its argument
 * comparisons hold; everything else gets the default action.
 */
public final class SeccompCompiler {
    private static final int EPERM = 1;
    /** The actions {@link #compile} knows, by libseccomp's names (what {@code jrun features} lists). */
    public static final List<String> ACTIONS = List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL",
            "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP");
    /** The argument comparisons {@link #compile} knows. */
    public static final List<String> OPERATORS = List.of("SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE",
            "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE");

    private SeccompCompiler() {}

    /**
     * @param capabilities the container's capabilities: rules that include or exclude some apply as docker applies them
     * @param kernelRelease {@code uname -r}, for rules with a {@code minKernel}
     * @throws IllegalArgumentException naming what in the profile cannot be compiled
     */
    public static long[] compile(SeccompProfile profile, SyscallTable table, long capabilities, String kernelRelease) {
        Arch arch = table.arch();
        int defaultAction = action(profile.defaultAction(), profile.defaultErrnoRet(), "defaultAction");
        Map<Integer, List<SeccompProfile.Rule>> byNumber = new TreeMap<>();
        for (SeccompProfile.Rule rule : profile.syscalls()) {
            if (rule.appliesTo(arch, capabilities, kernelRelease)) {
                for (String name : rule.allNames()) {
                    int nr = table.number(name);
                    if (nr >= 0) { // a call this architecture does not have is no hole (docker skips it too)
                        byNumber.computeIfAbsent(nr, n -> new ArrayList<>()).add(rule);
                    }
                }
            }
        }
        // the rules name native numbers only: under another ABI they would not apply, so a profile
        // whose default lets calls through must not let those through unfiltered
        int otherAbi = defaultAction == SECCOMP_RET_ALLOW || defaultAction == SECCOMP_RET_LOG ? SECCOMP_RET_KILL_PROCESS
                : defaultAction;
        Bpf bpf = new Bpf();
        String nativeAbi = bpf.newLabel();
        bpf.load(DATA_ARCH);
        bpf.jump(Bpf.JMP_JEQ_K, arch.auditArch(), nativeAbi, null);
        bpf.ret(otherAbi); // another ABI (i386, arm32): its numbers mean other calls
        bpf.label(nativeAbi);
        bpf.load(DATA_NR);
        if (arch.x32SyscallBit() != 0) {
            String notX32 = bpf.newLabel();
            bpf.jump(Bpf.JMP_JGE_K, arch.x32SyscallBit(), null, notX32);
            bpf.ret(otherAbi); // x32 calls: the same kernel code under other numbers
            bpf.label(notX32);
        }
        for (Map.Entry<Integer, List<SeccompProfile.Rule>> entry : byNumber.entrySet()) {
            String next = bpf.newLabel();
            bpf.jump(Bpf.JMP_JEQ_K, entry.getKey(), null, next);
            block(bpf, entry.getValue(), defaultAction);
            bpf.label(next);
        }
        bpf.ret(defaultAction);
        return bpf.assemble();
    }

    /** The rules of one system call, in the profile's order: the first whose arguments match wins. */
    private static void block(Bpf bpf, List<SeccompProfile.Rule> rules, int defaultAction) {
        for (SeccompProfile.Rule rule : rules) {
            int action = action(rule.action(), rule.errnoRet(), "the rule for " + rule.allNames());
            if (rule.args() == null || rule.args().isEmpty()) {
                bpf.ret(action);
                return; // later rules of this call are never reached
            }
            String fail = bpf.newLabel();
            for (SeccompProfile.Arg arg : rule.args()) {
                compare(bpf, arg, fail, rule);
            }
            bpf.ret(action);
            bpf.label(fail);
        }
        bpf.ret(defaultAction);
    }

    /** Falls through when argument {@code arg.index()} compares as {@code arg.op()} says, else jumps to {@code fail}. */
    private static void compare(Bpf bpf, SeccompProfile.Arg arg, String fail, SeccompProfile.Rule rule) {
        if (arg.index() < 0 || arg.index() > 5) {
            throw new IllegalArgumentException("the rule for " + rule.allNames() + ": argument index " + arg.index()
                    + " (system calls have arguments 0 to 5)");
        }
        long value = unsigned64(arg.value(), rule);
        int lo = DATA_ARGS + 8 * arg.index(); // both architectures are little-endian
        int hi = lo + 4;
        int vlo = (int) value;
        int vhi = (int) (value >>> 32);
        String match = bpf.newLabel();
        switch (arg.op() == null ? "" : arg.op()) {
            case "SCMP_CMP_EQ" -> {
                bpf.load(hi);
                bpf.jump(Bpf.JMP_JEQ_K, vhi, null, fail);
                bpf.load(lo);
                bpf.jump(Bpf.JMP_JEQ_K, vlo, null, fail);
            }
            case "SCMP_CMP_NE" -> {
                bpf.load(hi);
                bpf.jump(Bpf.JMP_JEQ_K, vhi, null, match);
                bpf.load(lo);
                bpf.jump(Bpf.JMP_JEQ_K, vlo, fail, null);
            }
            case "SCMP_CMP_MASKED_EQ" -> {
                // left out, valueTwo is 0: docker's field is a plain uint64, and runc reads it so too
                long expected = arg.valueTwo() == null ? 0 : unsigned64(arg.valueTwo(), rule);
                bpf.load(hi);
                bpf.and(vhi);
                bpf.jump(Bpf.JMP_JEQ_K, (int) (expected >>> 32), null, fail);
                bpf.load(lo);
                bpf.and(vlo);
                bpf.jump(Bpf.JMP_JEQ_K, (int) expected, null, fail);
            }
            case "SCMP_CMP_GT", "SCMP_CMP_GE" -> {
                bpf.load(hi);
                bpf.jump(Bpf.JMP_JGT_K, vhi, match, null);
                bpf.jump(Bpf.JMP_JEQ_K, vhi, null, fail);
                bpf.load(lo);
                bpf.jump(arg.op().equals("SCMP_CMP_GT") ? Bpf.JMP_JGT_K : Bpf.JMP_JGE_K, vlo, null, fail);
            }
            case "SCMP_CMP_LT", "SCMP_CMP_LE" -> { // the negations of GE and GT
                bpf.load(hi);
                bpf.jump(Bpf.JMP_JGT_K, vhi, fail, null);
                bpf.jump(Bpf.JMP_JEQ_K, vhi, null, match);
                bpf.load(lo);
                bpf.jump(arg.op().equals("SCMP_CMP_LT") ? Bpf.JMP_JGE_K : Bpf.JMP_JGT_K, vlo, fail, null);
            }
            default -> throw new IllegalArgumentException("the rule for " + rule.allNames() + ": unknown op "
                    + arg.op() + " (SCMP_CMP_EQ, NE, LT, LE, GT, GE or MASKED_EQ)");
        }
        bpf.label(match);
    }

    private static long unsigned64(BigInteger value, SeccompProfile.Rule rule) {
        if (value == null || value.signum() < 0 || value.bitLength() > 64) {
            throw new IllegalArgumentException("the rule for " + rule.allNames() + ": argument value " + value
                    + " is not a 64-bit unsigned number");
        }
        return value.longValue();
    }

    /** The SECCOMP_RET_* value of a docker action name. */
    static int action(String name, Integer errno, String where) {
        if (name == null) {
            throw new IllegalArgumentException(where + ": no action");
        }
        int data = errno == null ? EPERM : errno & 0xffff;
        return switch (name) {
            case "SCMP_ACT_ALLOW" -> SECCOMP_RET_ALLOW;
            case "SCMP_ACT_ERRNO" -> SECCOMP_RET_ERRNO | data;
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> SECCOMP_RET_KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> SECCOMP_RET_KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> SECCOMP_RET_TRAP;
            case "SCMP_ACT_TRACE" -> SECCOMP_RET_TRACE | data;
            case "SCMP_ACT_LOG" -> SECCOMP_RET_LOG;
            default -> throw new IllegalArgumentException(where + ": unknown action " + name
                    + " (SCMP_ACT_ALLOW, ERRNO, KILL, KILL_PROCESS, TRAP, TRACE or LOG)");
        };
    }
}
