package dev.jrun.runtime;

import static dev.jrun.linux.OpenFlags.O_CLOEXEC;
import static dev.jrun.linux.OpenFlags.O_PATH;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrun.launch.ContainerSpawn;
import dev.jrun.launch.LaunchException;
import dev.jrun.linux.ChildFds;
import dev.jrun.linux.Children;
import dev.jrun.linux.Errno;
import dev.jrun.linux.SpawnRequest;
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
 * on their stdin (its pid the container's host pid, or 0 once stopped). Where a hook's path is looked
 * up and where it runs follows the runtime-spec ({@link Where}): createContainer and startContainer
 * run in the container's namespaces ({@link ContainerSpawn}), the others in jrun's own. They are
 * spawned like the container's process (posix_spawn, with the exact path, argv and environment
 * given), never by a forked JVM.
 */
final class Hooks {
    /** Where create keeps config.json's hooks for start and delete, which do not read config.json. */
    private static final String FILE = "hooks.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(Hooks.class.getName());

    /** Where a phase's hooks are looked up and run (runtime-spec config.md, "POSIX-platform Hooks"). */
    enum Where {
        /** prestart, createRuntime, poststart, poststop: looked up and run in jrun's namespaces. */
        RUNTIME,
        /** createContainer: looked up in jrun's mount namespace, run in the container's namespaces. */
        CONTAINER_WITH_RUNTIME_PATH,
        /** startContainer: looked up and run in the container's namespaces. */
        CONTAINER
    }

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

    /**
     * Like {@link #run} in jrun's namespaces, but a failure is only a warning (poststart, poststop:
     * the runtime-spec says so).
     */
    static void runWarning(Syscalls sys, String phase, List<OciSpec.Hook> hooks, OciState state, Path scratch) {
        try {
            run(sys, phase, Where.RUNTIME, hooks, state, scratch);
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
     * @param where where the phase's hooks are looked up and run; in the container's namespaces, those
     *              of the state's pid
     * @param scratch a directory for the state and the hooks' output
     */
    static void run(Syscalls sys, String phase, Where where, List<OciSpec.Hook> hooks, OciState state, Path scratch)
            throws JrunException {
        for (int i = 0; i < hooks.size(); i++) {
            OciSpec.Hook hook = hooks.get(i);
            String name = "hooks." + phase + "[" + i + "] (" + hook.path() + ")";
            try {
                Path input = scratch.resolve("hook-state.json");
                Path output = scratch.resolve("hook-output");
                Files.writeString(input, state.toJson());
                WaitStatus status = spawnAndWait(sys, hook, where, state.pid(), input, output);
                if (status == null) {
                    throw new JrunException(name + ": still running after its timeout of " + hook.timeout() + " s;"
                            + " killed");
                }
                if (status.shellCode() != 0) {
                    String printed = Files.readString(output).strip();
                    throw new JrunException(name + ": " + (status.signaled() ? "killed by signal " + status.signal()
                            : "exit status " + status.exitCode()) + (printed.isEmpty() ? "" : ": " + printed));
                }
            } catch (IOException | SyscallException | LaunchException e) {
                throw new JrunException(name + ": " + e.getMessage() + hint(where, e), e);
            }
        }
    }

    /**
     * Why exec'ing a createContainer hook that open found can fail with ENOENT: what the kernel
     * loads along with it is looked up in the container's root.
     */
    private static String hint(Where where, Exception e) {
        return where == Where.CONTAINER_WITH_RUNTIME_PATH && e instanceof SyscallException s
                && s.call().equals("posix_spawn") && s.errno() == Errno.ENOENT
                ? " (the hook was found on the host, but runs in the container's mount namespace: its #! interpreter"
                        + " or its dynamic loader is not there)" : "";
    }

    /** Runs the hook; its exit status, or null if it outlived its timeout and was killed. */
    private static WaitStatus spawnAndWait(Syscalls sys, OciSpec.Hook hook, Where where, int containerPid,
                                           Path input, Path output) throws SyscallException, LaunchException {
        int pid;
        // stdin and stdout/stderr are jrun's files (its state directory): opened here, in jrun's mount namespace
        try (ChildFds fds = ChildFds.stdio(sys, input, output, output)) {
            SpawnRequest request = request(sys, hook, where, fds);
            pid = where == Where.RUNTIME ? sys.spawn(request) : ContainerSpawn.spawn(sys, containerPid, request);
        }
        return Children.awaitOrKill(sys, pid, hook.timeout() == null ? -1 : hook.timeout() * 1000);
    }

    /**
     * The hook's spawn, with {@code fds} for its stdio; a createContainer hook's executable, found on
     * the host, is handed over by descriptor too and exec'd through the container's /proc.
     */
    private static SpawnRequest request(Syscalls sys, OciSpec.Hook hook, Where where, ChildFds fds)
            throws SyscallException {
        String path = hook.path();
        if (where == Where.CONTAINER_WITH_RUNTIME_PATH) {
            // the container's /proc, which shows the hook: it is born in the container's pid namespace
            path = "/proc/self/fd/" + fds.give(openExecutable(sys, hook));
        }
        List<String> argv = hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
        return new SpawnRequest(path, argv, hook.env(), fds.actions(),
                SpawnRequest.POSIX_SPAWN_SETSIGMASK | SpawnRequest.POSIX_SPAWN_SETSIGDEF);
    }

    /**
     * A createContainer hook's executable, looked up in jrun's mount namespace before the spawning
     * thread leaves it. O_PATH needs no read permission, and exec through /proc/self/fd takes it;
     * a script's interpreter (its #! line) is still looked up in the container's root.
     */
    private static int openExecutable(Syscalls sys, OciSpec.Hook hook) throws SyscallException {
        return sys.open(hook.path(), O_PATH | O_CLOEXEC, 0);
    }
}
