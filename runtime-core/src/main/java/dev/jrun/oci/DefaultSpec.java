package dev.jrun.oci;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The config.json {@code jrun spec} writes, as {@code runc spec} does: {@code sh} on a terminal as
 * root in {@code rootfs} (read-only), three capabilities, new pid, network, ipc, uts, mount and
 * cgroup namespaces, the usual /proc, /dev, /sys mounts and docker's masked and read-only paths.
 * {@code rootless} adds a user namespace mapping the caller to root and leaves what a user
 * namespace cannot make (a network namespace's sysfs, a devices list) as runc's does.
 */
public final class DefaultSpec {
    public static final String OCI_VERSION = "1.2.0";
    private static final List<String> CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
    /** The container's own cgroups at /sys/fs/cgroup, read-only, as runc's default spec and docker have them. */
    public static final OciMount CGROUP_MOUNT = new OciMount("/sys/fs/cgroup", "cgroup", "cgroup",
            List.of("nosuid", "noexec", "nodev", "relatime", "ro"));

    private DefaultSpec() {}

    public static OciSpec of(boolean rootless, long uid, long gid) {
        OciProcess process = new OciProcess(true, null, new OciProcess.User(0, 0, null, null), List.of("sh"),
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"), "/",
                new OciProcess.Capabilities(CAPABILITIES, CAPABILITIES, null, CAPABILITIES, null),
                List.of(new OciProcess.Rlimit("RLIMIT_NOFILE", 1024, 1024)), true, null);
        List<OciMount> mounts = List.of(
                new OciMount("/proc", "proc", "proc", List.of()),
                new OciMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciMount("/dev/pts", "devpts", "devpts", rootless
                        ? List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")
                        : List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciMount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new OciMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                rootless ? new OciMount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"))
                        : new OciMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                CGROUP_MOUNT);
        List<OciLinux.Namespace> namespaces = new java.util.ArrayList<>();
        for (String ns : rootless ? List.of("pid", "ipc", "uts", "mount", "cgroup", "user")
                : List.of("pid", "network", "ipc", "uts", "mount", "cgroup")) {
            namespaces.add(new OciLinux.Namespace(ns, null));
        }
        OciLinux linux = new OciLinux(namespaces,
                rootless ? List.of(new OciLinux.IdMapping(0, uid, 1)) : null,
                rootless ? List.of(new OciLinux.IdMapping(0, gid, 1)) : null,
                rootless ? null : new OciResources(null, null, null,
                        List.of(new OciResources.DeviceAccess(false, null, null, null, "rwm"))),
                null, null,
                List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"),
                List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                null, null, null);
        return new OciSpec(OCI_VERSION, process, new OciSpec.Root("rootfs", true), "jrun", mounts, linux, null,
                Map.of());
    }

    /**
     * Writes {@code spec} as {@code bundle/config.json}, tab-indented as runc writes it; an existing
     * file is an error, never overwritten.
     */
    public static void write(OciSpec spec, Path bundle) throws OciSpecException {
        Path config = bundle.resolve("config.json");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("\t", "\n"))
                .withArrayIndenter(new DefaultIndenter("\t", "\n"));
        try {
            byte[] json = OciSpecReader.JSON.writer(printer).writeValueAsBytes(spec);
            Files.write(config, json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new OciSpecException(config + " exists: remove it first (jrun spec never overwrites)", e);
        } catch (IOException e) {
            throw new OciSpecException(config + ": " + e.getMessage(), e);
        }
    }
}
