package dev.jrun.linux;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every number and layout jrun hands the kernel, against each architecture's own headers (Debian's
 * linux-libc-dev for amd64 and arm64, see {@link KernelHeaders}): the syscall numbers of {@link Arch} and
 * the whole {@link SyscallTable}, the flags that differ by architecture, the constants both share, and the
 * struct sizes and offsets jrun writes or reads. Skipped, naming why, without gcc or a way to fetch the
 * headers. Not checked, because the kernel's UAPI headers do not define them (glibc does, alike on x86_64
 * and aarch64): AF_*, SOCK_*, SCM_RIGHTS, MNT_FORCE/MNT_DETACH, ST_*, POSIX_SPAWN_*, sigset_t, msghdr, cmsghdr.
 */
class ArchHeadersTest {
    private static final List<String> HEADERS = List.of("asm/unistd.h", "linux/errno.h", "linux/fcntl.h",
            "linux/openat2.h", "linux/mount.h", "linux/sched.h", "linux/prctl.h", "linux/bpf.h", "linux/stat.h",
            "asm/statfs.h", "linux/audit.h", "linux/signal.h", "linux/signalfd.h", "linux/capability.h",
            "linux/resource.h", "asm/termios.h", "asm/ioctls.h", "linux/sockios.h", "asm/socket.h", "linux/if.h",
            "linux/netlink.h", "linux/rtnetlink.h", "linux/if_link.h", "linux/seccomp.h", "linux/filter.h",
            "linux/limits.h", "linux/xattr.h", "linux/poll.h", "linux/un.h", "linux/uio.h");
    /** {@code __NR_*} macros that name no system call: the table's size and the base of arm's private calls. */
    private static final Set<String> NOT_CALLS = Set.of("syscalls", "arch_specific_syscall");
    /** Public constants with C names, all alike on both architectures (O_DIRECTORY, O_NOFOLLOW come from Arch). */
    private static final List<Class<?>> SHARED = List.of(OpenFlags.class, At.class, Mount.class, Clone.class,
            Prctl.class, Bpf.class, FileStat.class, Signals.class, Seccomp.class, Errno.class);
    /** Not C names: glibc's, per architecture (checked with Arch), or offsets (checked as layouts). */
    private static final Set<String> NOT_UAPI = Set.of("O_DIRECTORY", "O_NOFOLLOW", "MNT_FORCE", "MNT_DETACH",
            "DATA_NR", "DATA_ARCH", "DATA_ARGS");
    /** Private constants of the syscall layer, by field, with the C expression each stands for. */
    private static final Map<String, String> LINUX_SYSCALLS = Map.ofEntries(
            entry("TIOCSPTLCK", "TIOCSPTLCK"), entry("TIOCGPTN", "TIOCGPTN"), entry("TIOCSWINSZ", "TIOCSWINSZ"),
            entry("TIOCGWINSZ", "TIOCGWINSZ"), entry("SIOCGIFFLAGS", "SIOCGIFFLAGS"),
            entry("SIOCSIFFLAGS", "SIOCSIFFLAGS"), entry("SOL_SOCKET", "SOL_SOCKET"),
            entry("NETLINK_ROUTE", "NETLINK_ROUTE"), entry("RTM_DELLINK", "RTM_DELLINK"),
            entry("NLM_F_REQUEST", "NLM_F_REQUEST"), entry("NLM_F_ACK", "NLM_F_ACK"),
            entry("NLMSG_ERROR", "NLMSG_ERROR"), entry("IFLA_IFNAME", "IFLA_IFNAME"),
            entry("NLMSG_HDRLEN", "NLMSG_HDRLEN"), entry("IFINFOMSG_LEN", "sizeof(struct ifinfomsg)"),
            entry("IFF_UP", "IFF_UP"), entry("EINTR", "EINTR"), entry("POLLIN", "POLLIN"),
            entry("SIZEOF_POLLFD", "sizeof(struct pollfd)"),
            entry("LINUX_CAPABILITY_VERSION_3", "_LINUX_CAPABILITY_VERSION_3"),
            entry("SIZEOF_OPEN_HOW", "sizeof(struct open_how)"), entry("SIZEOF_MOUNT_ATTR", "sizeof(struct mount_attr)"),
            entry("SIZEOF_STATX", "sizeof(struct statx)"), entry("STATX_BASIC_STATS", "STATX_BASIC_STATS"),
            entry("SIZEOF_STATFS", "sizeof(struct statfs)"), entry("PATH_MAX", "PATH_MAX"),
            entry("XATTR_LIST_MAX", "XATTR_LIST_MAX"), entry("XATTR_SIZE_MAX", "XATTR_SIZE_MAX"),
            entry("SIZEOF_SIGNALFD_SIGINFO", "sizeof(struct signalfd_siginfo)"));
    private static final Map<String, String> NATIVE_BPF = Map.of(
            "SIZEOF_PROG_LOAD_ATTR", "__builtin_offsetof(union bpf_attr, prog_name) + BPF_OBJ_NAME_LEN",
            "SIZEOF_PROG_ATTACH_ATTR", "__builtin_offsetof(union bpf_attr, attach_flags) + 4",
            "BPF_OBJ_NAME_LEN", "BPF_OBJ_NAME_LEN");

    @ParameterizedTest
    @EnumSource(Arch.class)
    void syscallTable_isEveryCallTheHeadersDefine(Arch arch) throws Exception {
        KernelHeaders headers = KernelHeaders.of(arch);
        Map<String, String> calls = new TreeMap<>();
        headers.macros(List.of("asm/unistd.h")).keySet().stream()
                .filter(m -> m.startsWith("__NR_") && !NOT_CALLS.contains(m.substring(5)))
                .forEach(m -> calls.put(m.substring(5), m));
        Map<String, Long> table = new TreeMap<>();
        SyscallTable.of(arch).all().forEach((name, nr) -> table.put(name, (long) nr));
        assertThat(differences(table, headers.evaluate(HEADERS, calls)))
                .as("syscalls-%s.txt against %s (tools/syscall-tables.sh writes it)", arch.kernelName(), headers)
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void numbersAndFlagsOfArch_areTheHeaders(Arch arch) throws Exception {
        Map<String, Long> own = new TreeMap<>();
        for (RecordComponent c : Arch.Numbers.class.getRecordComponents()) {
            own.put("__NR_" + c.getName(), ((Number) c.getAccessor().invoke(arch.numbers())).longValue());
        }
        own.put("O_DIRECTORY", (long) arch.oDirectory());
        own.put("O_NOFOLLOW", (long) arch.oNofollow());
        own.put("AUDIT_ARCH_" + arch.kernelName().toUpperCase(java.util.Locale.ROOT), unsigned(arch.auditArch()));
        if (KernelHeaders.of(arch).macros(List.of("asm/unistd.h")).containsKey("__X32_SYSCALL_BIT")) {
            own.put("__X32_SYSCALL_BIT", (long) arch.x32SyscallBit());
        } else {
            assertThat(arch.x32SyscallBit()).as("no x32 ABI on %s", arch).isZero();
        }
        assertSameAsHeaders(arch, own);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void sharedConstants_areTheHeaders(Arch arch) throws Exception {
        Map<String, Long> own = new TreeMap<>();
        for (Class<?> type : SHARED) {
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType().isPrimitive() && !NOT_UAPI.contains(f.getName())) {
                    own.put(f.getName(), ((Number) f.get(null)).longValue());
                }
            }
        }
        for (int signal = 1; signal < 32; signal++) {
            own.put(Signals.name(signal), (long) signal);
        }
        for (int errno = 1; errno < 134; errno++) {
            if (!Errno.name(errno).startsWith("errno ")) {
                own.put(Errno.name(errno), (long) errno);
            }
        }
        for (int cap = 0; cap <= Capability.LAST_KNOWN; cap++) {
            own.put(Capability.name(cap), (long) cap);
        }
        KernelHeaders.of(arch).macros(List.of("linux/resource.h")).keySet().stream().filter(m -> m.startsWith("RLIMIT_"))
                .forEach(m -> own.put(m, (long) Rlimits.number(m)));
        // flags that are O_CLOEXEC by definition, where jrun passes OpenFlags.O_CLOEXEC
        own.put("OPEN_TREE_CLOEXEC", (long) OpenFlags.O_CLOEXEC);
        own.put("SFD_CLOEXEC", (long) OpenFlags.O_CLOEXEC);
        assertSameAsHeaders(arch, own);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void ioctlsFlagsAndStructSizesOfTheSyscallLayer_areTheHeaders(Arch arch) throws Exception {
        Map<String, Long> own = new TreeMap<>();
        LINUX_SYSCALLS.forEach((field, c) -> own.put(c, privateConstant(LinuxSyscalls.class, field)));
        NATIVE_BPF.forEach((field, c) -> own.put(c, privateConstant(NativeBpf.class, field)));
        assertSameAsHeaders(arch, own);
    }

    /**
     * The offsets and sizes LinuxSyscalls and NativeBpf write or read as numbers at their call sites
     * (each method's comment names the struct), and seccomp_data's offsets, the same on both architectures.
     */
    @ParameterizedTest
    @EnumSource(Arch.class)
    void structLayoutsAtTheCallSites_areTheHeaders(Arch arch) throws Exception {
        Map<String, Long> layouts = new TreeMap<>(Map.ofEntries(
                // statx: nlink, uid, gid, mode, ino, size
                entry("__builtin_offsetof(struct statx, stx_nlink)", 16L),
                entry("__builtin_offsetof(struct statx, stx_uid)", 20L),
                entry("__builtin_offsetof(struct statx, stx_gid)", 24L),
                entry("__builtin_offsetof(struct statx, stx_mode)", 28L),
                entry("__builtin_offsetof(struct statx, stx_ino)", 32L),
                entry("__builtin_offsetof(struct statx, stx_size)", 40L),
                // mountFlags: statfs's f_flags
                entry("__builtin_offsetof(struct statfs, f_flags)", 80L),
                // openat2, mountSetattr
                entry("__builtin_offsetof(struct open_how, mode)", 8L),
                entry("__builtin_offsetof(struct open_how, resolve)", 16L),
                entry("__builtin_offsetof(struct mount_attr, attr_set)", 0L),
                // windowSize, setWindowSize
                entry("sizeof(struct winsize)", 8L), entry("__builtin_offsetof(struct winsize, ws_col)", 2L),
                // interfaceUp, sendFd
                entry("sizeof(struct ifreq)", 40L), entry("__builtin_offsetof(struct ifreq, ifr_flags)", 16L),
                entry("sizeof(struct sockaddr_un)", 110L), entry("__builtin_offsetof(struct sockaddr_un, sun_path)", 2L),
                entry("sizeof(struct iovec)", 16L), entry("__builtin_offsetof(struct iovec, iov_len)", 8L),
                // pollIn
                entry("__builtin_offsetof(struct pollfd, events)", 4L),
                entry("__builtin_offsetof(struct pollfd, revents)", 6L),
                // prlimit, capset
                entry("sizeof(struct rlimit64)", 16L), entry("sizeof(struct __user_cap_header_struct)", 8L),
                entry("_LINUX_CAPABILITY_U32S_3 * sizeof(struct __user_cap_data_struct)", 24L),
                // seccompFilter
                entry("sizeof(struct sock_filter)", 8L), entry("__builtin_offsetof(struct sock_filter, jt)", 2L),
                entry("__builtin_offsetof(struct sock_filter, jf)", 3L),
                entry("__builtin_offsetof(struct sock_filter, k)", 4L),
                entry("sizeof(struct sock_fprog)", 16L), entry("__builtin_offsetof(struct sock_fprog, filter)", 8L),
                // SeccompCompiler's loads
                entry("__builtin_offsetof(struct seccomp_data, nr)", (long) Seccomp.DATA_NR),
                entry("__builtin_offsetof(struct seccomp_data, arch)", (long) Seccomp.DATA_ARCH),
                entry("__builtin_offsetof(struct seccomp_data, args)", (long) Seccomp.DATA_ARGS),
                // NativeBpf.progLoad, progAttach
                entry("__builtin_offsetof(union bpf_attr, insn_cnt)", 4L),
                entry("__builtin_offsetof(union bpf_attr, insns)", 8L),
                entry("__builtin_offsetof(union bpf_attr, license)", 16L),
                entry("__builtin_offsetof(union bpf_attr, log_level)", 24L),
                entry("__builtin_offsetof(union bpf_attr, log_size)", 28L),
                entry("__builtin_offsetof(union bpf_attr, log_buf)", 32L),
                entry("__builtin_offsetof(union bpf_attr, prog_name)", 48L),
                entry("__builtin_offsetof(union bpf_attr, attach_bpf_fd)", 4L),
                entry("__builtin_offsetof(union bpf_attr, attach_type)", 8L),
                entry("__builtin_offsetof(union bpf_attr, attach_flags)", 12L)));
        assertSameAsHeaders(arch, layouts);
    }

    /** Each key of {@code own} is a C name or constant expression; its value must be what the headers make it. */
    private static void assertSameAsHeaders(Arch arch, Map<String, Long> own) throws Exception {
        Map<String, String> expressions = new LinkedHashMap<>();
        own.keySet().forEach(name -> expressions.put(name, name));
        Map<String, Long> theirs = KernelHeaders.of(arch).evaluate(HEADERS, expressions);
        Map<String, Long> ownAsHeaders = new TreeMap<>();
        // an int field holds an unsigned C value (0x80045430, 0xC000003E) as a negative number
        own.forEach((name, value) -> ownAsHeaders.put(name, value < 0 && theirs.get(name) > 0 ? unsigned(value) : value));
        assertThat(differences(ownAsHeaders, theirs)).as("against %s", KernelHeaders.of(arch)).isEmpty();
        assertThat(own).as("checked").hasSizeGreaterThan(0);
    }

    /** One line per name whose value differs, or that only one side has. */
    private static List<String> differences(Map<String, Long> jrun, Map<String, Long> theirs) {
        Set<String> names = new java.util.TreeSet<>(jrun.keySet());
        names.addAll(theirs.keySet());
        return names.stream().filter(n -> !java.util.Objects.equals(jrun.get(n), theirs.get(n)))
                .map(n -> n + ": jrun " + jrun.get(n) + ", headers " + theirs.get(n)).toList();
    }

    private static long unsigned(long value) {
        return value & 0xffffffffL;
    }

    private static long privateConstant(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return ((Number) f.get(null)).longValue();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getSimpleName() + "." + name + ": " + e, e);
        }
    }
}
