package dev.jrun.network;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrun.linux.ChildFds;
import dev.jrun.linux.Children;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.WaitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One run of a CNI plug-in, as the CNI spec (1.0, section 2) has the runtime call it: the
 * executable named by the configuration's {@code type}, found in CNI_PATH; the plug-in's
 * configuration on stdin; the parameters in CNI_* environment variables; the result, or an error
 * object, on stdout. Spawned like every process of jrun (posix_spawn, exact argv and environment,
 * no inherited descriptors), never from a forked JVM.
 */
final class CniPlugin {
    /** Where Debian's containernetworking-plugins installs them, then where upstream's go. */
    static final List<Path> DEFAULT_PATH = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
    /** A plug-in waits on the xtables lock, netlink and its IPAM plug-in, never this long. */
    private static final int TIMEOUT_MILLIS = 60_000;
    /** The plug-ins run iptables, found in PATH; jrun's own environment is not theirs. */
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Command { ADD, DEL, CHECK }

    private CniPlugin() {}

    /**
     * The executable of plug-in {@code type}.
     *
     * @throws IOException naming the type, the directories looked in and the package
     */
    static Path find(List<Path> cniPath, String type) throws IOException {
        if (type.contains("/")) {
            throw new IOException("CNI plug-in type " + type + " is not a file name");
        }
        for (Path dir : cniPath) {
            Path executable = dir.resolve(type);
            if (Files.isRegularFile(executable) && Files.isExecutable(executable)) {
                return executable;
            }
        }
        throw new IOException("CNI plug-in " + type + " not found in " + join(cniPath)
                + " (Debian: apt install containernetworking-plugins)");
    }

    /**
     * Runs plug-in {@code type} for {@code command} with {@code config} on its stdin; returns what it
     * printed, parsed (ADD: its result), or null if it printed nothing (DEL, CHECK).
     *
     * @param scratch a directory for its stdin, stdout and stderr
     * @throws IOException "TYPE COMMAND: msg (details)" from its error object, else what it wrote to stderr
     */
    static JsonNode run(Syscalls sys, String type, Command command, JsonNode config, NetworkAttachment params,
                        Path scratch) throws IOException {
        Path executable = find(params.cniPath().stream().map(Path::of).toList(), type);
        Path in = scratch.resolve("cni-stdin.json");
        Path out = scratch.resolve("cni-stdout.json");
        Path err = scratch.resolve("cni-stderr");
        Files.write(in, JSON.writeValueAsBytes(config));
        WaitStatus status;
        try {
            status = spawnAndWait(sys, executable, env(command, params), in, out, err);
        } catch (SyscallException e) {
            throw new IOException(type + " " + command + ": " + e.getMessage(), e);
        }
        String printed = Files.readString(out).strip();
        if (status == null) {
            throw new IOException(type + " " + command + ": still running after " + TIMEOUT_MILLIS / 1000 + " s; killed");
        }
        if (status.shellCode() != 0) {
            throw new IOException(type + " " + command + ": " + error(printed, Files.readString(err).strip(), status));
        }
        return printed.isEmpty() ? null : JSON.readTree(printed);
    }

    /** The spec's parameters; every plug-in of a list gets the same. */
    private static List<String> env(Command command, NetworkAttachment params) {
        return List.of("CNI_COMMAND=" + command, "CNI_CONTAINERID=" + params.containerId(),
                "CNI_NETNS=" + params.netns(), "CNI_IFNAME=" + params.ifName(),
                "CNI_PATH=" + String.join(":", params.cniPath()), PATH);
    }

    private static WaitStatus spawnAndWait(Syscalls sys, Path executable, List<String> env, Path in, Path out,
                                           Path err) throws SyscallException {
        int pid;
        try (ChildFds fds = ChildFds.stdio(sys, in, out, err)) {
            pid = sys.spawn(new SpawnRequest(executable.toString(), List.of(executable.toString()), env,
                    fds.actions(), SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF));
        }
        return Children.awaitOrKill(sys, pid, TIMEOUT_MILLIS);
    }

    /** The error object's msg and details (spec 1.0, "Errors"), else stderr, else the exit status. */
    private static String error(String stdout, String stderr, WaitStatus status) {
        try {
            JsonNode error = stdout.isEmpty() ? null : JSON.readTree(stdout);
            if (error != null && error.path("msg").isTextual()) {
                String details = error.path("details").asText("");
                return error.get("msg").asText() + (details.isEmpty() ? "" : " (" + details + ")");
            }
        } catch (IOException notJson) {
            // fall through to what it wrote to stderr
        }
        return !stderr.isEmpty() ? stderr.lines().collect(Collectors.joining("; ")) : status.toString();
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(":"));
    }
}
