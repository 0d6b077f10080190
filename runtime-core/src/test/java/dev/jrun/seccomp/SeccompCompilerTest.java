package dev.jrun.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.linux.Arch;
import dev.jrun.linux.Seccomp;
import dev.jrun.linux.SyscallTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default profile, compiled and run through a BPF interpreter: what each call would get. No root. */
class SeccompCompilerTest {
    private static final int ALLOW = Seccomp.SECCOMP_RET_ALLOW;
    private static final int EPERM = Seccomp.SECCOMP_RET_ERRNO | 1;
    private static final int ENOSYS = Seccomp.SECCOMP_RET_ERRNO | 38;
    private static final long CAP_SYS_ADMIN = 1L << 21;
    private static final SyscallTable X86 = SyscallTable.of(Arch.X86_64);
    private static final SyscallTable ARM = SyscallTable.of(Arch.AARCH64);

    @TempDir
    Path tmp;

    private static long[] compile(SyscallTable table, long caps) {
        return SeccompCompiler.compile(SeccompProfile.defaultProfile(), table, caps, "6.1.0-57-amd64");
    }

    private static int call(long[] program, SyscallTable table, String name, long... args) {
        return BpfInterpreter.run(program, table.number(name), table.arch().auditArch(), args);
    }

    @Test
    void defaultProfile_allowsTheUsualAndRefusesTheDangerous() {
        long[] p = compile(X86, ProcessPrivileges.DOCKER_DEFAULT);
        for (String allowed : new String[] {"read", "write", "openat", "execve", "mmap", "futex", "exit_group",
            "rt_sigaction", "arch_prctl", "setresuid", "chroot", "wait4", "pipe", "pipe2", "close_range", "statx"}) {
            assertThat(call(p, X86, allowed)).as(allowed).isEqualTo(ALLOW);
        }
        for (String refused : new String[] {"mount", "umount2", "unshare", "setns", "pivot_root", "kexec_load",
            "init_module", "finit_module", "keyctl", "add_key", "bpf", "perf_event_open", "open_by_handle_at",
            "reboot", "swapon", "userfaultfd", "io_uring_setup", "ptrace" /* allowed: 4.8+ */}) {
            int expected = refused.equals("ptrace") ? ALLOW : EPERM;
            assertThat(call(p, X86, refused)).as(refused).isEqualTo(expected);
        }
        assertThat(p.length).as("instructions (the kernel takes up to 4096)").isLessThan(1500);
    }

    @Test
    void argumentsDecide_cloneSocketPersonality() {
        long[] p = compile(X86, ProcessPrivileges.DOCKER_DEFAULT);
        long thread = 0x003d0f00L; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        assertThat(call(p, X86, "clone", thread)).isEqualTo(ALLOW);
        assertThat(call(p, X86, "clone", 0x10000000L | 17)).as("CLONE_NEWUSER").isEqualTo(EPERM);
        assertThat(call(p, X86, "clone", 0x20000000L)).as("CLONE_NEWPID").isEqualTo(EPERM);
        assertThat(call(p, X86, "clone3")).as("ENOSYS: glibc falls back to clone").isEqualTo(ENOSYS);
        assertThat(call(p, X86, "socket", 2)).as("AF_INET").isEqualTo(ALLOW);
        assertThat(call(p, X86, "socket", 40)).as("AF_VSOCK").isEqualTo(EPERM);
        assertThat(call(p, X86, "socket", 40L | (1L << 32))).as("only 40 exactly is refused").isEqualTo(ALLOW);
        assertThat(call(p, X86, "personality", 0)).isEqualTo(ALLOW);
        assertThat(call(p, X86, "personality", 0xffffffffL)).isEqualTo(ALLOW);
        assertThat(call(p, X86, "personality", 0x0040000)).as("ADDR_NO_RANDOMIZE").isEqualTo(EPERM);
    }

    @Test
    void capabilitiesOpenTheirCalls_asDockerDoes() {
        long[] p = compile(X86, ProcessPrivileges.DOCKER_DEFAULT | CAP_SYS_ADMIN);
        assertThat(call(p, X86, "mount")).isEqualTo(ALLOW);
        assertThat(call(p, X86, "clone", 0x10000000L)).isEqualTo(ALLOW);
        assertThat(call(p, X86, "clone3")).isEqualTo(ALLOW);
        assertThat(call(p, X86, "keyctl")).as("no capability opens keyctl").isEqualTo(EPERM);
        assertThat(call(compile(X86, 0), X86, "chroot")).as("without CAP_SYS_CHROOT").isEqualTo(EPERM);
    }

    @Test
    void otherAbis_areRefused() {
        long[] p = compile(X86, ProcessPrivileges.DOCKER_DEFAULT);
        assertThat(BpfInterpreter.run(p, 0x40000000 | X86.number("read"), Arch.X86_64.auditArch())).as("x32 read")
                .isEqualTo(EPERM);
        assertThat(BpfInterpreter.run(p, 3, 0x40000003 /* AUDIT_ARCH_I386 */)).as("i386 read").isEqualTo(EPERM);
    }

    @Test
    void aProfileThatAllowsByDefault_killsCallsOfOtherAbis_whichItsRulesCannotName() {
        SeccompProfile denyMount = new SeccompProfile("SCMP_ACT_ALLOW", null, java.util.List.of(
                new SeccompProfile.Rule(java.util.List.of("mount"), null, "SCMP_ACT_ERRNO", 1, null, null, null)));
        long[] p = SeccompCompiler.compile(denyMount, X86, 0, "6.1.0");
        assertThat(call(p, X86, "mount")).isEqualTo(EPERM);
        assertThat(call(p, X86, "read")).isEqualTo(ALLOW);
        assertThat(BpfInterpreter.run(p, 21 /* mount on i386 */, 0x40000003)).as("i386 mount")
                .isEqualTo(Seccomp.SECCOMP_RET_KILL_PROCESS);
        assertThat(BpfInterpreter.run(p, 0x40000000 | X86.number("mount"), Arch.X86_64.auditArch())).as("x32 mount")
                .isEqualTo(Seccomp.SECCOMP_RET_KILL_PROCESS);
    }

    @Test
    void maskedEqWithoutValueTwo_expectsZero_asDockerReadsIt() {
        SeccompProfile unshareWithoutNewUser = new SeccompProfile("SCMP_ACT_ERRNO", null, java.util.List.of(
                new SeccompProfile.Rule(java.util.List.of("unshare"), null, "SCMP_ACT_ALLOW", null, java.util.List.of(
                        new SeccompProfile.Arg(0, java.math.BigInteger.valueOf(0x10000000L), null, "SCMP_CMP_MASKED_EQ")),
                        null, null)));
        long[] p = SeccompCompiler.compile(unshareWithoutNewUser, X86, 0, "6.1.0");
        assertThat(call(p, X86, "unshare", 0x00020000L)).as("CLONE_NEWNS alone").isEqualTo(ALLOW);
        assertThat(call(p, X86, "unshare", 0x10000000L)).as("CLONE_NEWUSER").isEqualTo(EPERM);
    }

    @Test
    void aarch64_hasItsOwnNumbersAndCalls() {
        long[] p = compile(ARM, ProcessPrivileges.DOCKER_DEFAULT);
        assertThat(ARM.number("openat")).isEqualTo(56);
        assertThat(call(p, ARM, "openat")).isEqualTo(ALLOW);
        assertThat(call(p, ARM, "mount")).isEqualTo(EPERM);
        assertThat(ARM.number("arch_prctl")).as("x86 only").isEqualTo(-1);
        assertThat(BpfInterpreter.run(p, 56, Arch.X86_64.auditArch())).as("an x86_64 call on arm64").isEqualTo(EPERM);
        for (String allowed : new String[] {"name_to_handle_at", "sync_file_range", "newfstatat", "clone3"}) {
            assertThat(call(p, ARM, allowed)).as(allowed).isEqualTo(allowed.equals("clone3") ? ENOSYS : ALLOW);
        }
        assertThat(ARM.number("clock_gettime64")).as("32-bit architectures only").isEqualTo(-1);
    }

    @Test
    void namesAnArchitectureLacks_areSkipped_notAnErrorAndNoOtherCallsNumber() {
        SeccompProfile x86Names = new SeccompProfile("SCMP_ACT_ALLOW", null, java.util.List.of(
                new SeccompProfile.Rule(java.util.List.of("open", "arch_prctl", "openat"), null, "SCMP_ACT_ERRNO", 1,
                        null, null, null)));
        long[] p = SeccompCompiler.compile(x86Names, ARM, 0, "6.1.0");
        assertThat(call(p, ARM, "openat")).isEqualTo(EPERM);
        assertThat(call(p, ARM, "io_submit")).as("2, open's number on x86_64").isEqualTo(ALLOW);
        assertThat(call(p, ARM, "getgroups")).as("158, arch_prctl's number on x86_64").isEqualTo(ALLOW);
        assertThat(call(SeccompCompiler.compile(x86Names, X86, 0, "6.1.0"), X86, "open")).isEqualTo(EPERM);
    }

    @Test
    void profileFiles_inDockersFormat_andTheirMistakes() throws Exception {
        Path file = Files.writeString(tmp.resolve("p.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                              {"name": "kill", "action": "SCMP_ACT_ERRNO",
                               "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_EQ"}]},
                              {"names": ["getpid"], "action": "SCMP_ACT_KILL_PROCESS",
                               "args": [{"index": 0, "value": 255, "valueTwo": 7, "op": "SCMP_CMP_MASKED_EQ"}]},
                              {"names": ["dup"], "action": "SCMP_ACT_ERRNO",
                               "args": [{"index": 0, "value": 100, "op": "SCMP_CMP_GE"}]}]}
                """);
        long[] p = SeccompCompiler.compile(SeccompProfile.read(file), X86, 0, "6.1");
        assertThat(call(p, X86, "mkdirat")).isEqualTo(Seccomp.SECCOMP_RET_ERRNO | 13);
        assertThat(call(p, X86, "kill", 1, 9)).isEqualTo(EPERM);
        assertThat(call(p, X86, "kill", 1, 15)).isEqualTo(ALLOW);
        assertThat(call(p, X86, "getpid", 0x107)).isEqualTo(Seccomp.SECCOMP_RET_KILL_PROCESS);
        assertThat(call(p, X86, "getpid", 0x106)).isEqualTo(ALLOW);
        assertThat(call(p, X86, "dup", 99)).isEqualTo(ALLOW);
        assertThat(call(p, X86, "dup", 100)).isEqualTo(EPERM);
        assertThat(call(p, X86, "dup", 1L << 40)).isEqualTo(EPERM);

        Path badOp = Files.writeString(tmp.resolve("bad.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ERRNO",
                 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_ROUGHLY"}]}]}
                """);
        assertThatThrownBy(() -> SeccompCompiler.compile(SeccompProfile.read(badOp), X86, 0, "6.1"))
                .hasMessage("the rule for [kill]: unknown op SCMP_CMP_ROUGHLY (SCMP_CMP_EQ, NE, LT, LE, GT, GE or MASKED_EQ)");
        Path notJson = Files.writeString(tmp.resolve("x.json"), "{\"defaultAction\": ");
        assertThatThrownBy(() -> SeccompProfile.read(notJson)).isInstanceOf(java.io.IOException.class);
    }
}
