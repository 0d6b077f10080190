package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.seccomp.SeccompProfile;
import dev.jrun.testing.Privileged;
import dev.jrun.testing.QemuUser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a container's process may do by default and with flags, as it sees it. Needs root. */
class SecurityDefaultsTest extends PrivilegedContainerTest {
    /** docker's default capabilities, as /proc/PID/status prints a set. */
    private static final String DOCKER_CAPS = "00000000a80425fb";

    /** An empty inheritable set, as docker since CVE-2022-24769: file-inheritable capabilities give nothing. */
    @Test
    void byDefault_dockersCapabilitiesAndNoNewPrivs() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.command(List.of("grep", "-E", "^(Cap|NoNewPrivs)", "/proc/self/status")));

        assertThat(r.out()).contains("CapInh:\t0000000000000000", "CapPrm:\t" + DOCKER_CAPS, "CapEff:\t" + DOCKER_CAPS,
                "CapBnd:\t" + DOCKER_CAPS, "CapAmb:\t0000000000000000", "NoNewPrivs:\t1");
    }

    @Test
    void byDefault_whatNeedsSysAdminIsRefused() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.command(List.of("sh", "-c",
                "hostname other; echo hostname=$?; mount -t tmpfs none /tmp; echo mount=$?; hostname")));

        assertThat(r.out()).contains("hostname=1", "mount=1").doesNotContain("other");
        assertThat(r.err()).contains("sethostname: Operation not permitted", "mount: permission denied");
    }

    @Test
    void capDropAll_leavesRootWithNothing() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.privileges(QemuUser.privileges(new ProcessPrivileges(0, true, true,
                        SeccompProfile.defaultProfile(), true)))
                .command(List.of("sh", "-c", "grep -E '^Cap(Eff|Bnd)' /proc/self/status; cat /etc/shadow >/dev/null 2>&1;"
                        + " chown 1 /tmp; echo chown=$?")));

        assertThat(r.out()).contains("CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "chown=1");
    }

    @Test
    void everyCapabilityHeld_withoutNoNewPrivs_asPrivilegedGives() throws Exception {
        long held = ProcessPrivileges.heldCapabilities();
        var r = engine.run(engine.busybox(), b -> b.privileges(new ProcessPrivileges(held, false, false, null, false))
                .command(List.of("sh", "-c", "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; hostname other; hostname")));

        assertThat(r.out()).contains(String.format("CapEff:\t%016x", held), "NoNewPrivs:\t0", "other");
    }

    @Test
    void byDefault_hostDetailsInProcAndSysAreMaskedAndKernelSettingsReadOnly() throws Exception {
        // the masked paths this kernel has (some kernels lack kcore, sysrq-trigger, scsi...)
        List<String> masked = java.util.stream.Stream.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                "/proc/interrupts", "/sys/firmware", "/sys/devices/virtual/powercap")
                .filter(p -> java.nio.file.Files.exists(Path.of(p))).toList();
        assertThat(masked).as("this kernel's masked paths").contains("/proc/keys", "/proc/interrupts");
        String script = "for p in " + String.join(" ", masked) + "; do"
                + " if [ -d $p ]; then echo $p $(ls -A $p | wc -l); else echo $p $(cat $p | wc -c); fi; done;"
                + " echo x > /proc/sys/kernel/domainname; echo sys=$?; grep -c . /proc/uptime";

        var r = engine.run(engine.busybox(), b -> b.command(List.of("sh", "-c", script)));

        assertThat(r.out().lines().limit(masked.size())).as("each masked path is empty inside")
                .allSatisfy(line -> assertThat(line).endsWith(" 0"));
        assertThat(r.out()).endsWith("sys=1\n1\n"); // /proc/sys refuses writes; the rest of /proc works
        assertThat(r.err()).contains("Read-only file system");
    }

    @Test
    void privileged_masksNothing() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.privileges(new ProcessPrivileges(ProcessPrivileges.DOCKER_DEFAULT,
                true, false, null, true)).command(List.of("sh", "-c", "grep -c ' /proc/kcore ' /proc/self/mountinfo")));

        assertThat(r.out()).isEqualTo("0\n");
    }

    @Test
    void byDefault_seccompFiltersEvenWhatACapabilityWouldAllow() throws Exception {
        QemuUser.assumeItCan("install a seccomp filter (ENOSYS: it would confine the emulator too)");
        long withSysAdmin = ProcessPrivileges.DOCKER_DEFAULT | (1L << 21);
        var filtered = engine.run(engine.busybox(), b -> b.privileges(new ProcessPrivileges(withSysAdmin, true, true,
                SeccompProfile.defaultProfile(), true)).command(List.of("sh", "-c",
                        "grep -E '^Seccomp:' /proc/self/status; swapon /etc/passwd")));
        var unconfined = engine.run(engine.busybox(), b -> b.privileges(new ProcessPrivileges(withSysAdmin, true, true,
                null, true)).command(List.of("sh", "-c", "grep -E '^Seccomp:' /proc/self/status; swapon /etc/passwd")));

        assertThat(filtered.out()).isEqualTo("Seccomp:\t2\n"); // filter mode
        assertThat(filtered.err()).isEqualTo("swapon: /etc/passwd: Operation not permitted\n");
        assertThat(unconfined.out()).isEqualTo("Seccomp:\t0\n");
        assertThat(unconfined.err()).as("the kernel itself gets to refuse it").isEqualTo("swapon: /etc/passwd: Invalid argument\n");
    }

    @Test
    void user_runsAsTheImagesUserWithNoCapabilities() throws Exception {
        var numeric = engine.run(engine.busybox(), b -> b.user("1000:1000").command(List.of("sh", "-c",
                "id; grep -E '^Cap(Prm|Eff)' /proc/self/status; touch /made-by-1000")));
        var named = engine.run(engine.busybox(), b -> b.user("nobody").command(List.of("sh", "-c", "id; echo $HOME")));

        assertThat(numeric.out()).isEqualTo("uid=1000 gid=1000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n");
        assertThat(numeric.err()).contains("Permission denied");
        assertThat(named.out()).startsWith("uid=65534(nobody) gid=65534(nogroup)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.run(engine.busybox(), b -> b.user("ghost")
                .command(List.of("true")))).hasMessage("unable to find user ghost: no matching entries in the image's /etc/passwd");
    }

    @Test
    void readOnly_leavesTheImageUnchangeableAndTmpfsWritable() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.readOnly(true).tmpfs("/run:size=1m").command(List.of("sh", "-c",
                "touch /etc/x; echo etc=$?; touch /run/y && echo run=0; echo x > /dev/shm/z && echo shm=0")));

        assertThat(r.out()).isEqualTo("etc=1\nrun=0\nshm=0\n");
        assertThat(r.err()).contains("Read-only file system");
    }

    @Test
    void anImagesSymlinks_cannotAimAMountAtTheHost() throws Exception {
        Path hostTarget = java.nio.file.Files.createDirectories(tmp.resolve("host-target"));
        java.nio.file.Files.writeString(hostTarget.resolve("keep"), "host file");
        byte[] busybox = java.nio.file.Files.readAllBytes(Privileged.busybox());
        // /run aims at a host directory, /dev/null at a host file: both resolved inside the rootfs, or hidden
        Path archive = dev.jrun.image.TestArchives.write(java.nio.file.Files.createDirectories(tmp.resolve("img")),
                dev.jrun.testimages.ArchiveOptions.PLAIN, List.of(List.of(
                        dev.jrun.testimages.LayerEntry.directory("bin", 0755),
                        dev.jrun.testimages.LayerEntry.file("bin/busybox", 0755, busybox),
                        dev.jrun.testimages.LayerEntry.symlink("bin/sh", "busybox"),
                        dev.jrun.testimages.LayerEntry.directory("dev", 0755),
                        dev.jrun.testimages.LayerEntry.symlink("dev/null", hostTarget.resolve("keep").toString()),
                        dev.jrun.testimages.LayerEntry.symlink("run", "../../../../../../.." + hostTarget))));
        List<String> mountsBefore = java.nio.file.Files.readAllLines(Path.of("/proc/self/mountinfo"));

        var r = engine.run(engine.jrun.loadImage(archive),
                b -> b.tmpfs("/run").command(List.of("/bin/sh", "-c",
                        "echo overwritten > /dev/null; /bin/busybox touch /run/inside; /bin/busybox ls /run")));

        assertThat(r.out()).isEqualTo("inside\n");
        assertThat(java.nio.file.Files.readString(hostTarget.resolve("keep"))).isEqualTo("host file");
        assertThat(hostTarget.resolve("inside")).doesNotExist();
        assertThat(java.nio.file.Files.readAllLines(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
    }

    @Test
    void aDeviceNode_cannotOpenAHostDisk() throws Exception {
        // mknod works (CAP_MKNOD, as in docker), but the open is refused: by the devices group on v1,
        // by the group's device program on v2
        var r = engine.run(engine.busybox(), b -> b.command(List.of("sh", "-c",
                "mknod /tmp/disk b 8 0 && echo made; head -c 1 /tmp/disk | wc -c; mknod /dev/disk b 8 0 && echo made;"
                        + " head -c 1 /dev/disk | wc -c; echo x > /dev/null && echo null=0")));

        assertThat(r.out()).isEqualTo("made\n0\nmade\n0\nnull=0\n");
        assertThat(r.err()).contains("/tmp/disk: Operation not permitted", "/dev/disk: Operation not permitted");
    }

    @Test
    void privileged_opensDevices() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.privileges(new ProcessPrivileges(ProcessPrivileges.heldCapabilities(),
                false, false, null, false)).command(List.of("sh", "-c", "mknod /dev/mem2 c 1 1 && echo made")));

        assertThat(r.out()).isEqualTo("made\n");
    }
}
