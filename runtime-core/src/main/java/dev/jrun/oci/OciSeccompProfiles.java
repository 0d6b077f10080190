package dev.jrun.oci;

import dev.jrun.linux.Arch;
import dev.jrun.seccomp.SeccompCompiler;
import dev.jrun.seccomp.SeccompProfile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code linux.seccomp} as the engine's {@link SeccompProfile}, which {@link SeccompCompiler} turns into
 * the filter: the same default action and rules, every name, action and comparison kept as libseccomp
 * spells it. What the compiler cannot do is refused here, naming the JSON path, before anything runs.
 * And back ({@link #fromProfile}): a docker profile resolved for one container, as docker writes it.
 *
 * <p>Two limits of the compiler show through. It filters the host's native ABI only: calls through
 * another one the spec lists ({@code SCMP_ARCH_X86}, {@code SCMP_ARCH_X32} beside x86_64) get the
 * default action, so 32-bit programs fail under an allow-list profile where runc would run them.
 * And {@code SCMP_ACT_NOTIFY} needs a listener the runtime hands to an agent, which jrun has not.
 */
public final class OciSeccompProfiles {
    /**
     * Flags that change nothing jrun's filter does, so they are accepted and not passed on. TSYNC: the
     * filter is installed on the one thread that spawns the container's process, which inherits it
     * (syncing would filter the whole JVM). LOG: only audit logging of what the filter refuses is lost.
     * SPEC_ALLOW: without it the kernel keeps the speculative-store-bypass mitigation, the safer way.
     */
    static final List<String> IGNORED_FLAGS = List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW");
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private OciSeccompProfiles() {}

    /** {@code seccomp} for this machine's architecture; null (no {@code linux.seccomp}) is null, no filter. */
    public static SeccompProfile toProfile(OciSeccomp seccomp) {
        return toProfile(seccomp, Arch.current());
    }

    /**
     * {@code seccomp} for {@code host}; null is null.
     *
     * @throws IllegalArgumentException naming the JSON path ({@code linux.seccomp.syscalls[3].action})
     *         and why: an action, comparison or flag the compiler lacks, or architectures without the host's
     */
    public static SeccompProfile toProfile(OciSeccomp seccomp, Arch host) {
        if (seccomp == null) {
            return null; // the spec's "no filter", as ProcessPrivileges takes it
        }
        action(seccomp.defaultAction(), "linux.seccomp.defaultAction");
        String hostArch = scmpArch(host);
        if (!seccomp.architectures().isEmpty() && !seccomp.architectures().contains(hostArch)) {
            throw new IllegalArgumentException("linux.seccomp.architectures: " + seccomp.architectures()
                    + " leaves out this machine's " + hostArch + ", so no filter would apply to its calls");
        }
        for (int i = 0; i < seccomp.flags().size(); i++) {
            String flag = seccomp.flags().get(i);
            if (!IGNORED_FLAGS.contains(flag)) {
                throw new IllegalArgumentException("linux.seccomp.flags[" + i + "]: " + flag + " is not supported"
                        + " (jrun accepts " + String.join(", ", IGNORED_FLAGS) + ")");
            }
        }
        List<SeccompProfile.Rule> rules = new ArrayList<>();
        for (int i = 0; i < seccomp.syscalls().size(); i++) {
            rules.addAll(rules(seccomp.syscalls().get(i), "linux.seccomp.syscalls[" + i + "]"));
        }
        return new SeccompProfile(seccomp.defaultAction(), seccomp.defaultErrnoRet(), rules);
    }

    /**
     * {@code profile} as {@code linux.seccomp} for a container on {@code arch} holding {@code capabilities}
     * under kernel {@code kernelRelease} ({@code uname -r}), as docker writes it into config.json: only the
     * rules whose includes and excludes let them apply there ({@link SeccompProfile.Rule#appliesTo}, the
     * compiler's own test), and the architectures docker's default profile maps {@code arch} to. null is
     * null, no filter. {@link #toProfile} reads the result back into a profile that compiles, for the
     * same arch, to the very filter {@code profile} compiles to with these capabilities and kernel.
     *
     * @throws IllegalArgumentException naming the rule, for one comparing an argument twice: the compiler
     *         requires both comparisons, but config.json's form matches when either holds (runc splits
     *         such a rule, and so does {@link #toProfile}), so it would not mean the same there
     */
    public static OciSeccomp fromProfile(SeccompProfile profile, Arch arch, long capabilities, String kernelRelease) {
        if (profile == null) {
            return null;
        }
        List<OciSeccomp.Syscall> syscalls = new ArrayList<>();
        for (SeccompProfile.Rule rule : profile.syscalls()) {
            if (rule.appliesTo(arch, capabilities, kernelRelease)) {
                syscalls.add(syscall(rule));
            }
        }
        return new OciSeccomp(profile.defaultAction(), profile.defaultErrnoRet(), architectures(arch), List.of(),
                syscalls);
    }

    /**
     * {@code arch} and the other ABIs its kernel runs, as docker's default profile maps them (archMap).
     * The compiler filters the native ABI only and refuses the others' calls; listing them is what
     * docker writes, and runc would filter them with the same rules.
     */
    static List<String> architectures(Arch arch) {
        return switch (arch) {
            case X86_64 -> List.of(scmpArch(arch), "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            case AARCH64 -> List.of(scmpArch(arch), "SCMP_ARCH_ARM");
        };
    }

    private static OciSeccomp.Syscall syscall(SeccompProfile.Rule rule) {
        List<OciSeccomp.Arg> args = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        for (SeccompProfile.Arg arg : rule.args() == null ? List.<SeccompProfile.Arg>of() : rule.args()) {
            if (!indexes.add(arg.index())) {
                throw new IllegalArgumentException("the seccomp rule for " + rule.allNames() + " compares argument "
                        + arg.index() + " twice: jrun's compiler requires both to hold, but in config.json either"
                        + " is enough (runc splits such a rule), so it cannot be written there");
            }
            args.add(new OciSeccomp.Arg(arg.index(), arg.value(), arg.valueTwo(), arg.op()));
        }
        return new OciSeccomp.Syscall(rule.allNames(), rule.action(), rule.errnoRet(), args);
    }

    /** libseccomp's name of {@code arch}: SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64. */
    static String scmpArch(Arch arch) {
        return "SCMP_ARCH_" + arch.kernelName().toUpperCase(Locale.ROOT);
    }

    /**
     * One rule, or one per comparison when two compare the same argument: runc does that split
     * (libseccomp cannot AND two conditions on one argument), so such a rule matches when any holds.
     */
    private static List<SeccompProfile.Rule> rules(OciSeccomp.Syscall call, String at) {
        action(call.action(), at + ".action");
        List<SeccompProfile.Arg> args = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        boolean repeated = false;
        for (int j = 0; j < call.args().size(); j++) {
            OciSeccomp.Arg arg = call.args().get(j);
            args.add(arg(arg, at + ".args[" + j + "]"));
            repeated |= !indexes.add(arg.index());
        }
        if (!repeated) {
            return List.of(rule(call, args));
        }
        return args.stream().map(arg -> rule(call, List.of(arg))).toList();
    }

    private static SeccompProfile.Rule rule(OciSeccomp.Syscall call, List<SeccompProfile.Arg> args) {
        return new SeccompProfile.Rule(call.names(), null, call.action(), call.errnoRet(), args, null, null);
    }

    private static SeccompProfile.Arg arg(OciSeccomp.Arg arg, String at) {
        if (arg.index() < 0 || arg.index() > 5) {
            throw new IllegalArgumentException(at + ".index: " + arg.index() + " (system calls have arguments 0 to 5)");
        }
        if (arg.op() == null || !SeccompCompiler.OPERATORS.contains(arg.op())) {
            throw new IllegalArgumentException(at + ".op: " + (arg.op() == null ? "missing" : arg.op()
                    + " is not supported") + " (one of " + String.join(", ", SeccompCompiler.OPERATORS) + ")");
        }
        if (arg.value() == null) {
            throw new IllegalArgumentException(at + ".value: missing");
        }
        // valueTwo is MASKED_EQ's expected value; left out it is 0, as runc reads it
        BigInteger two = arg.valueTwo() == null ? BigInteger.ZERO : arg.valueTwo();
        return new SeccompProfile.Arg(arg.index(), uint64(arg.value(), at + ".value"), uint64(two, at + ".valueTwo"),
                arg.op());
    }

    private static BigInteger uint64(BigInteger value, String at) {
        if (value.signum() < 0 || value.compareTo(UINT64_LIMIT) >= 0) {
            throw new IllegalArgumentException(at + ": " + value + " is not a 64-bit unsigned number");
        }
        return value;
    }

    private static void action(String action, String at) {
        if (action == null) {
            throw new IllegalArgumentException(at + ": missing");
        }
        if (!SeccompCompiler.ACTIONS.contains(action)) {
            throw new IllegalArgumentException(at + ": " + action + " is not supported (jrun's filter does "
                    + String.join(", ", SeccompCompiler.ACTIONS) + ")");
        }
    }
}
