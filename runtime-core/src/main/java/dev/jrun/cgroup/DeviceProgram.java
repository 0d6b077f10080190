package dev.jrun.cgroup;

import static dev.jrun.cgroup.Ebpf.R0;
import static dev.jrun.cgroup.Ebpf.R1;
import static dev.jrun.cgroup.Ebpf.R2;
import static dev.jrun.cgroup.Ebpf.R3;
import static dev.jrun.cgroup.Ebpf.R4;
import static dev.jrun.cgroup.Ebpf.R5;

import dev.jrun.linux.Bpf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * A device allow-list as the eBPF program that cgroup v2 runs at every device access of a group's
 * tasks (open, mknod), as runc and crun make it: 1 allows, 0 denies, and only what a rule names is
 * allowed. The kernel passes {@code struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor;}}
 * in r1, the device type in access_type's low 16 bits and the access asked for in its high 16.
 *
 * <pre>
 *         r2 = type; r3 = access; r4 = major; r5 = minor
 *   rule: if r2 != TYPE goto next
 *         if r3 &amp; ~ACCESS goto next        (not for rwm)
 *         if r4 != MAJOR goto next          (not for *)
 *         if r5 != MINOR goto next          (not for *)
 *         r0 = 1; exit
 *   next: ...the next rule...
 *         r0 = 0; exit
 * </pre>
 *
 * A rule {@code a} is {@code r0 = 1; exit} alone, and the end of the program.
 */
final class DeviceProgram {
    /** As bpftool shows it (at most 15 characters). */
    static final String NAME = "jrun_devices";
    /** The kernel checks the license only for GPL-only helpers, and the program calls none. */
    static final String LICENSE = "Apache-2.0";

    /** Offsets in {@code struct bpf_cgroup_dev_ctx}. */
    private static final int CTX_ACCESS_TYPE = 0;
    private static final int CTX_MAJOR = 4;
    private static final int CTX_MINOR = 8;
    /** The registers that hold the access's parts while the rules test them. */
    private static final int TYPE = R2;
    private static final int ACCESS = R3;
    private static final int MAJOR = R4;
    private static final int MINOR = R5;
    /** r0 = value; exit. */
    private static final int RETURN_LENGTH = 2;

    private DeviceProgram() {}

    static long[] compile(List<DeviceRule> rules) {
        List<Long> program = new ArrayList<>(List.of(
                Ebpf.loadWord(TYPE, R1, CTX_ACCESS_TYPE),
                Ebpf.and(TYPE, 0xffff), // the low half: block or character
                Ebpf.loadWord(ACCESS, R1, CTX_ACCESS_TYPE),
                Ebpf.shiftRight(ACCESS, 16), // the high half: the mknod, read and write bits
                Ebpf.loadWord(MAJOR, R1, CTX_MAJOR),
                Ebpf.loadWord(MINOR, R1, CTX_MINOR)));
        for (DeviceRule rule : rules) {
            if (rule.equals(DeviceRule.ALL)) {
                program.addAll(returning(1));
                return toArray(program); // no rule after it could matter, and the verifier refuses unreachable code
            }
            List<IntToLongFunction> tests = tests(rule);
            for (int i = 0; i < tests.size(); i++) {
                program.add(tests.get(i).applyAsLong(tests.size() - 1 - i + RETURN_LENGTH)); // to the next rule
            }
            program.addAll(returning(1));
        }
        program.addAll(returning(0));
        return toArray(program);
    }

    /** The jumps that leave {@code rule} for an access it does not allow, each given how far to jump. */
    private static List<IntToLongFunction> tests(DeviceRule rule) {
        List<IntToLongFunction> tests = new ArrayList<>();
        int type = rule.type() == 'b' ? Bpf.BPF_DEVCG_DEV_BLOCK : Bpf.BPF_DEVCG_DEV_CHAR;
        tests.add(skip -> Ebpf.jumpIfNotEqual(TYPE, type, skip));
        if (rule.access() != DeviceRule.ALL.access()) {
            tests.add(skip -> Ebpf.jumpIfAnySet(ACCESS, ~rule.access(), skip)); // an access the rule leaves out
        }
        if (rule.major() != DeviceRule.ANY) {
            tests.add(skip -> Ebpf.jumpIfNotEqual(MAJOR, rule.major(), skip));
        }
        if (rule.minor() != DeviceRule.ANY) {
            tests.add(skip -> Ebpf.jumpIfNotEqual(MINOR, rule.minor(), skip));
        }
        return tests;
    }

    private static List<Long> returning(int value) {
        return List.of(Ebpf.move(R0, value), Ebpf.exit());
    }

    private static long[] toArray(List<Long> program) {
        return program.stream().mapToLong(Long::longValue).toArray();
    }
}
