package dev.jrun.cgroup;

import static dev.jrun.linux.Bpf.BPF_DEVCG_ACC_MKNOD;
import static dev.jrun.linux.Bpf.BPF_DEVCG_ACC_READ;
import static dev.jrun.linux.Bpf.BPF_DEVCG_ACC_WRITE;
import static dev.jrun.linux.Bpf.BPF_DEVCG_DEV_BLOCK;
import static dev.jrun.linux.Bpf.BPF_DEVCG_DEV_CHAR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Device programs compiled from rules and run through an eBPF interpreter: what each access would get. No root. */
class DeviceProgramTest {
    private static final int MKNOD = BPF_DEVCG_ACC_MKNOD;
    private static final int READ = BPF_DEVCG_ACC_READ;
    private static final int WRITE = BPF_DEVCG_ACC_WRITE;
    private static final int BLOCK = BPF_DEVCG_DEV_BLOCK;
    private static final int CHAR = BPF_DEVCG_DEV_CHAR;
    private static final long ALLOW = 1;
    private static final long DENY = 0;
    /** docker's list, as Jrun passes it. */
    private static final List<String> DOCKER = List.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",
            "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm");

    private static long[] compile(List<String> rules) {
        return DeviceProgram.compile(rules.stream().map(DeviceRule::parse).toList());
    }

    @Test
    void dockersList_opensOnlyItsDevicesButMakesAnyNode() {
        long[] p = compile(DOCKER);

        assertThat(EbpfInterpreter.run(p, CHAR, READ, 1, 3)).as("read /dev/null").isEqualTo(ALLOW);
        assertThat(EbpfInterpreter.run(p, CHAR, READ | WRITE, 1, 3)).as("open /dev/null O_RDWR").isEqualTo(ALLOW);
        assertThat(EbpfInterpreter.run(p, CHAR, READ | WRITE, 136, 5)).as("a pty slave").isEqualTo(ALLOW);
        assertThat(EbpfInterpreter.run(p, CHAR, READ | WRITE, 5, 2)).as("/dev/ptmx").isEqualTo(ALLOW);
        assertThat(EbpfInterpreter.run(p, BLOCK, MKNOD, 8, 0)).as("mknod of sda").isEqualTo(ALLOW);
        assertThat(EbpfInterpreter.run(p, BLOCK, READ, 8, 0)).as("read sda").isEqualTo(DENY);
        assertThat(EbpfInterpreter.run(p, CHAR, READ, 8, 0)).as("a character device 8:0").isEqualTo(DENY);
        assertThat(EbpfInterpreter.run(p, CHAR, READ, 1, 1)).as("/dev/mem").isEqualTo(DENY);
        assertThat(EbpfInterpreter.run(p, CHAR, MKNOD | READ, 1, 1)).as("every access asked must be allowed")
                .isEqualTo(DENY);
        assertThat(EbpfInterpreter.run(p, BLOCK, READ, 1, 3)).as("the type counts").isEqualTo(DENY);
        assertThat(p).as("6 to read the access, 4 + 4 + 8 * 5 + 4 for the rules, 2 to deny").hasSize(60);
    }

    @Test
    void noRules_denyEverything() {
        long[] p = compile(List.of());

        for (int type : new int[] {BLOCK, CHAR}) {
            for (int access = 1; access <= 7; access++) {
                assertThat(EbpfInterpreter.run(p, type, access, 1, 3)).isEqualTo(DENY);
            }
        }
    }

    @Test
    void all_allowsEverythingAndEndsTheProgram() {
        long[] p = compile(List.of("c 1:3 r", "a", "b 8:0 r"));

        assertThat(EbpfInterpreter.run(p, BLOCK, READ | WRITE | MKNOD, 8, 0)).isEqualTo(ALLOW);
        assertThat(EbpfInterpreter.run(p, CHAR, WRITE, 4, 1)).isEqualTo(ALLOW);
        assertThat(p).as("no rule after a: the verifier refuses code that cannot run").hasSize(6 + 6 + 2);
    }

    @Test
    void everyAccess_isAllowedExactlyWhenSomeRuleCoversIt() {
        List<DeviceRule> rules = List.of("c 1:3 rw", "c 4:* m", "b *:2 r", "c *:* w", "b 7:7 wm").stream()
                .map(DeviceRule::parse).toList();
        long[] p = DeviceProgram.compile(rules);

        for (int type : new int[] {BLOCK, CHAR}) {
            for (int access = 1; access <= 7; access++) {
                for (int major : new int[] {0, 1, 4, 7, 8}) {
                    for (int minor : new int[] {0, 2, 3, 7}) {
                        int t = type, a = access, ma = major, mi = minor;
                        boolean covered = rules.stream().anyMatch(rule -> covers(rule, t, a, ma, mi));
                        assertThat(EbpfInterpreter.run(p, type, access, major, minor))
                                .as("type %d access %d %d:%d", type, access, major, minor)
                                .isEqualTo(covered ? ALLOW : DENY);
                    }
                }
            }
        }
    }

    /** What v1's devices.allow means by a rule, written out plainly. */
    private static boolean covers(DeviceRule rule, int type, int access, int major, int minor) {
        return (rule.type() == 'a' || rule.type() == (type == BLOCK ? 'b' : 'c'))
                && (access & ~rule.access()) == 0
                && (rule.major() == DeviceRule.ANY || rule.major() == major)
                && (rule.minor() == DeviceRule.ANY || rule.minor() == minor);
    }
}
