package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrun.image.TestArchives;
import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.linux.Arch;
import dev.jrun.linux.SyscallTable;
import dev.jrun.testimages.ArchiveOptions;
import dev.jrun.testimages.LayerEntry;
import dev.jrun.testing.Privileged;
import dev.jrun.testing.SyscallProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ways out of a container, tried from inside a default one, each failing with the expected errno;
 * then the same with --privileged's privileges, to show what the defaults hold back. Calls no busybox
 * applet makes go through {@link SyscallProbe} executables. Needs root, and x86_64 (the probes).
 */
class EscapeBatteryTest extends PrivilegedContainerTest {
    private static final int EPERM = 1;
    private static final int ESRCH = 3;
    private static final SyscallTable X86 = SyscallTable.of(Arch.X86_64);

    /** A probe: one system call with fixed arguments. */
    private record Probe(String name, String call, long... args) {}

    @BeforeEach
    void assumeX86_64() {
        assumeTrue(Arch.current() == Arch.X86_64, "the syscall probes are x86_64 executables");
    }

    private static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>(List.of(new Probe("mount", "mount"), new Probe("umount2", "umount2"),
                new Probe("setns", "setns"), new Probe("pivot_root", "pivot_root"),
                // arguments the kernel refuses before acting, for the run with --privileged's privileges:
                // more segments than KEXEC_SEGMENT_MAX (no kexec image unloaded), no module fd (none read)
                new Probe("kexec_load", "kexec_load", 0, 1000), new Probe("init_module", "init_module"),
                new Probe("finit_module", "finit_module", -1),
                new Probe("keyctl", "keyctl"), new Probe("add_key", "add_key"), new Probe("bpf", "bpf"),
                new Probe("perf_event_open", "perf_event_open"), new Probe("open_by_handle_at", "open_by_handle_at"),
                new Probe("sethostname", "sethostname"),
                new Probe("ptrace-host-pid", "ptrace", 16 /* PTRACE_ATTACH */, ProcessHandle.current().pid()),
                new Probe("raise-ambient-sys_admin", "prctl", 47 /* PR_CAP_AMBIENT */, 2 /* RAISE */, 21)));
        Map<String, Long> namespaces = Map.of("mnt", 0x00020000L, "uts", 0x04000000L, "ipc", 0x08000000L,
                "net", 0x40000000L, "pid", 0x20000000L, "cgroup", 0x02000000L, "user", 0x10000000L, "time", 0x80L);
        namespaces.forEach((ns, flag) -> probes.add(new Probe("unshare-" + ns, "unshare", flag)));
        // last: where it is allowed (--privileged), it ends the container's pid namespace
        probes.add(new Probe("reboot", "reboot", 0xfee1deadL, 672274793L, 0x4321fedcL));
        return probes;
    }

    /** Runs every probe and the file checks in one container; returns name to result. */
    private Map<String, String> battery(ProcessPrivileges privileges) throws Exception {
        byte[] busybox = Files.readAllBytes(Privileged.busybox());
        List<LayerEntry> layer = new ArrayList<>(List.of(LayerEntry.directory("bin", 0755),
                LayerEntry.file("bin/busybox", 0755, busybox), LayerEntry.directory("probe", 0755)));
        for (String applet : List.of("sh", "head", "wc", "ls", "readlink", "echo", "mknod")) {
            layer.add(LayerEntry.symlink("bin/" + applet, "busybox"));
        }
        StringBuilder script = new StringBuilder("echo x 2>/dev/null > /proc/sys/kernel/hostname; echo write-proc-sys=$?; ")
                .append("echo x 2>/dev/null > /sys/kernel/uevent_helper; echo write-sys=$?; ")
                .append("echo h 2>/dev/null > /proc/sysrq-trigger; echo write-sysrq=$?; ")
                // at most a page: with CAP_SYS_RAWIO and unmasked, kcore is as large as the address space
                .append("echo kcore-bytes=$(head -c 4096 /proc/kcore 2>/dev/null | wc -c); ")
                .append("mknod /disk b ").append(hostDiskNumbers()).append(" && head -c 1 /disk >/dev/null 2>&1;")
                .append(" echo mknod-block-open=$?; ")
                .append("echo proc-1-root=$(readlink /proc/1/root); ")
                .append("echo fds=$(ls /proc/self/fd | wc -l); ");
        for (Probe p : probes()) {
            layer.add(LayerEntry.file("probe/" + p.name(), 0755, SyscallProbe.x86_64(X86.number(p.call()), p.args())));
            script.append("/probe/").append(p.name()).append("; echo ").append(p.name()).append("=$?; ");
        }
        Path archive = TestArchives.write(Files.createDirectories(tmp.resolve("img-" + privileges.maskPaths())),
                ArchiveOptions.PLAIN, List.of(layer));
        var r = engine.run(engine.jrun.loadImage(archive), b -> b.privileges(privileges)
                .command(List.of("/bin/sh", "-c", script.toString())));
        Map<String, String> results = new LinkedHashMap<>();
        r.out().lines().map(l -> l.split("=", 2)).forEach(kv -> results.put(kv[0], kv.length > 1 ? kv[1] : ""));
        System.out.println("escape battery, " + (privileges.maskPaths() ? "default" : "privileged") + ": " + results);
        return results;
    }

    /** A real disk of the host (a read of one byte is all the privileged run does with it), if any. */
    private static java.util.Optional<Path> hostDisk() throws java.io.IOException {
        try (var disks = Files.list(Path.of("/sys/block"))) {
            return disks.filter(d -> !d.getFileName().toString().matches("(loop|ram|zram|nbd).*"))
                    .filter(d -> Files.exists(d.resolve("dev"))).findFirst();
        }
    }

    /** "MAJOR MINOR" of {@link #hostDisk}, else sda's. */
    private static String hostDiskNumbers() throws java.io.IOException {
        java.util.Optional<Path> disk = hostDisk();
        return disk.isPresent() ? Files.readString(disk.get().resolve("dev")).strip().replace(':', ' ') : "8 0";
    }

    /** Whether this test, as root on the host, can read the disk at all (a sandbox may forbid it). */
    private static boolean hostReadsItsDisk() throws java.io.IOException {
        java.util.Optional<Path> disk = hostDisk();
        if (disk.isEmpty()) {
            return false;
        }
        try (var in = Files.newInputStream(Path.of("/dev", disk.get().getFileName().toString()))) {
            return in.read() >= 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aDefaultContainer_refusesEveryWayOut() throws Exception {
        Map<String, String> got = battery(ProcessPrivileges.DEFAULT);

        Map<String, String> expected = new LinkedHashMap<>();
        probes().forEach(p -> expected.put(p.name(), Integer.toString(p.name().equals("ptrace-host-pid") ? ESRCH : EPERM)));
        expected.put("write-proc-sys", "1");
        expected.put("write-sys", "1");
        expected.put("write-sysrq", "1"); // read-only, or absent (as on the project's VM)
        expected.put("mknod-block-open", "1"); // made (CAP_MKNOD), but the device list does not open it
        expected.put("kcore-bytes", "0");
        expected.put("proc-1-root", "/");
        expected.put("fds", "4"); // 0, 1, 2 and ls's own directory: nothing of the runtime
        assertThat(got).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void privileged_showsWhatTheDefaultsHoldBack() throws Exception {
        Map<String, String> got = battery(new ProcessPrivileges(ProcessPrivileges.heldCapabilities(), false, false, null,
                false));

        for (String allowedNow : List.of("unshare-mnt", "unshare-uts", "unshare-net", "sethostname")) {
            assertThat(got.get(allowedNow)).as(allowedNow).isEqualTo("0");
        }
        for (String noLongerEperm : List.of("mount", "setns", "pivot_root", "keyctl", "bpf")) {
            assertThat(got.get(noLongerEperm)).as(noLongerEperm + " reaches the kernel").isNotEqualTo("1");
        }
        assertThat(got.get("ptrace-host-pid")).as("host processes stay invisible").isEqualTo(Integer.toString(ESRCH));
        if (hostReadsItsDisk()) {
            assertThat(got.get("mknod-block-open")).as("a host disk opens").isEqualTo("0");
        }
    }
}
