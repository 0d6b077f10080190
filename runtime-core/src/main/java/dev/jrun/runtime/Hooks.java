package dev.jrun.runtime;

import static dev.jrun.linux.OpenFlags.O_CREAT;
import static dev.jrun.linux.OpenFlags.O_RDONLY;
import static dev.jrun.linux.OpenFlags.O_TRUNC;
import static dev.jrun.linux.OpenFlags.O_WRONLY;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SpawnRequest.FileAction;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.linux.WaitStatus;
import dev.jrun.oci.OciSpec;
import dev.jrun.oci.OciState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * config.json's hooks: programs run at points of the lifecycle with the container's state as JSON
 * on their stdin, in jrun's own namespaces (a hook that needs the container's, such as a network
 * set-up, enters them through the state's pid). They are spawned like the container's process
 * (posix_spawn, with the exact path, argv and environment given), never by a forked JVM.
 */
final class Hooks {
    /** Where create keeps config.json's hooks for start and delete, which do not read config.json. */
    private static final String FILE = "hooks.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(Hooks.class.getName());

    private Hooks() {}

    /** Keeps {@code hooks} (may be null) in the container's state directory. */
    static void save(Path stateDir, OciSpec.Hooks hooks) throws IOException {
        if (hooks != null) {
            JSON.writeValue(stateDir.resolve(FILE).toFile(), hooks);
        }
    }

    /** The hooks {@link #save} kept, or none. */
    static OciSpec.Hooks load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        return Files.exists(file) ? JSON.readValue(file.toFile(), OciSpec.Hooks.class)
                : new OciSpec.Hooks(null, null, null, null, null, null);
    }

    /** Like {@link #run}, but a failure is only a warning (poststart, poststop: the runtime-spec says so). */
    static void runWarning(Syscalls sys, String phase, List<OciSpec.Hook> hooks, OciState state, Path scratch) {
        try {
            run(sys, phase, hooks, state, scratch);
        } catch (JrunException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    /**
     * Runs {@code hooks} one after another; the first that fails (exits non-zero, dies or outlives
     * its timeout, then killed) ends the run with an error naming the phase, the hook and what it
     * printed.
     *
     * @param phase createRuntime, createContainer, startContainer, poststart or poststop
     * @param scratch a directory for the state and the hooks' output
     */
    static void run(Syscalls sys, String phase, List<OciSpec.Hook> hooks, OciState state, Path scratch)
            throws JrunException {
        for (int i = 0; i < hooks.size(); i++) {
            OciSpec.Hook hook = hooks.get(i);
            String name = "hooks." + phase + "[" + i + "] (" + hook.path() + ")";
            try {
                Path input = scratch.resolve("hook-state.json");
                Path output = scratch.resolve("hook-output");
                Files.writeString(input, state.toJson());
                WaitStatus status = spawnAndWait(sys, hook, input, output);
                if (status == null) {
                    throw new JrunException(name + ": still running after its timeout of " + hook.timeout() + " s;"
                            + " killed");
                }
                if (status.shellCode() != 0) {
                    String printed = Files.readString(output).strip();
                    throw new JrunException(name + ": " + (status.signaled() ? "killed by signal " + status.signal()
                            : "exit status " + status.exitCode()) + (printed.isEmpty() ? "" : ": " + printed));
                }
            } catch (IOException | SyscallException e) {
                throw new JrunException(name + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs the hook; its exit status, or null if it outlived its timeout and was killed. */
    private static WaitStatus spawnAndWait(Syscalls sys, OciSpec.Hook hook, Path input, Path output)
            throws SyscallException {
        List<String> argv = hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
        SpawnRequest request = new SpawnRequest(hook.path(), argv, hook.env(), List.of(
                new FileAction.Open(0, input.toString(), O_RDONLY, 0),
                new FileAction.Open(1, output.toString(), O_WRONLY | O_CREAT | O_TRUNC, 0600),
                new FileAction.Dup2(1, 2), new FileAction.CloseFrom(3)),
                SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF);
        int pid = sys.spawn(request);
        int pidFd = sys.pidfdOpen(pid);
        try {
            int millis = hook.timeout() == null ? -1 : hook.timeout() * 1000;
            if (sys.pollIn(new int[] {pidFd}, millis) < 0) {
                sys.pidfdSendSignal(pidFd, dev.jrun.linux.Signals.SIGKILL);
                sys.waitpid(pid, 0);
                return null;
            }
            return sys.waitpid(pid, 0);
        } finally {
            sys.close(pidFd);
        }
    }
}
