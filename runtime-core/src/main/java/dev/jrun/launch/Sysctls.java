package dev.jrun.launch;

import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_RDONLY;

import dev.jrun.linux.Clone;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * config.json's {@code linux.sysctl}: kernel settings of the container's own namespaces. Only
 * namespaced settings are allowed (as runc allows them): {@code net.*} in a network namespace,
 * {@code kernel.msg*}, {@code kernel.sem}, {@code kernel.shm*} and {@code fs.mqueue.*} in an IPC
 * one, {@code kernel.hostname} and {@code kernel.domainname} in a UTS one. Anything else would
 * change the host.
 */
public final class Sysctls {
    private Sysctls() {}

    /**
     * Which namespace {@code key} belongs to ({@code CLONE_NEWNET}, {@code _NEWIPC}, {@code _NEWUTS}),
     * or 0 if it is the host's alone.
     */
    public static int namespaceOf(String key) {
        if (key.startsWith("net.")) {
            return Clone.CLONE_NEWNET;
        }
        if (key.startsWith("kernel.msg") || key.equals("kernel.sem") || key.startsWith("kernel.shm")
                || key.startsWith("fs.mqueue.")) {
            return Clone.CLONE_NEWIPC;
        }
        if (key.equals("kernel.hostname") || key.equals("kernel.domainname")) {
            return Clone.CLONE_NEWUTS;
        }
        return 0;
    }

    /**
     * Writes {@code settings} from a fresh thread in the network, IPC and UTS namespaces of process
     * {@code pid}: /proc/sys picks the namespace of whoever opens the file.
     */
    public static void apply(int pid, Map<String, String> settings) throws IOException {
        if (settings.isEmpty()) {
            return;
        }
        Syscalls sys = new LinuxSyscalls();
        try {
            FreshThread.run("jrun-sysctl", () -> {
                for (String ns : List.of("net", "ipc", "uts")) {
                    int fd = sys.open("/proc/" + pid + "/ns/" + ns, O_RDONLY | O_CLOEXEC, 0);
                    try {
                        sys.setns(fd, 0);
                    } finally {
                        sys.close(fd);
                    }
                }
                for (Map.Entry<String, String> setting : settings.entrySet()) {
                    write(setting.getKey(), setting.getValue());
                }
            });
        } catch (SyscallException | LaunchException e) {
            throw new IOException("linux.sysctl: " + e.getMessage(), e);
        }
    }

    /** A plain stream: /proc/sys files want one write of the whole value. */
    private static void write(String key, String value) throws LaunchException {
        String file = "/proc/sys/" + key.replace('.', '/');
        try (FileOutputStream out = new FileOutputStream(file)) {
            out.write(value.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new LaunchException("linux.sysctl." + key + ": writing " + file + ": " + e.getMessage(), e);
        }
    }
}
