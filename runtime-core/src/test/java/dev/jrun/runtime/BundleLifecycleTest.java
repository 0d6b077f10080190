package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.Stdio;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.Signals;
import dev.jrun.oci.DefaultSpec;
import dev.jrun.oci.OciState;
import dev.jrun.testing.Privileged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OCI bundles through the engine: create leaves the process at the exec barrier, start lets it
 * exec, state follows the process, kill and delete act on it; illegal verbs name the status. The
 * test JVM is the process's parent here (create ran in it), so it reaps the process as a shim would.
 */
class BundleLifecycleTest extends PrivilegedContainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path bundle;
    private BundleContainers containers;

    @BeforeEach
    void makeBundle() throws Exception {
        bundle = Files.createDirectories(tmp.resolve("bundle"));
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        String image = Privileged.image("busybox.tar").toString();
        Process untar = new ProcessBuilder("sh", "-c", "tar -xOf " + image + " $(tar -tf " + image
                + " | grep layer.tar) | tar -x -C " + rootfs).inheritIO().start();
        assertThat(untar.waitFor()).isZero();
        containers = engine.jrun.containers();
    }

    /** jrun spec's default config running {@code script}, edited by {@code edit}. */
    private void config(String script, Consumer<ObjectNode> edit) throws Exception {
        Files.deleteIfExists(bundle.resolve("config.json"));
        DefaultSpec.write(DefaultSpec.of(false, 0, 0), bundle);
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.get("process")).put("terminal", false)
                .set("args", JSON.valueToTree(List.of("sh", "-c", script)));
        edit.accept(config);
        Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(config));
    }

    private Container create(String id, Path out) throws Exception {
        return engine.jrun.createFromBundle(id, bundle, new CreateOptions(tmp.resolve(id + ".pid"),
                new Stdio(null, out, tmp.resolve(id + ".err")), null, false), LaunchObserver.NONE);
    }

    /** Container ids, and so their cgroups (jrun/ID), unique to this JVM: tests of other builds may run. */
    private static String id(String name) {
        return name + "-" + ProcessHandle.current().pid();
    }

    /** Whatever a failed test left: containers deleted, their processes killed. */
    @AfterEach
    void deleteAll() throws Exception {
        if (containers == null) {
            return;
        }
        for (OciState state : containers.list()) {
            containers.delete(state.id(), true);
        }
    }

    /** Reaps the container's process, as its parent: the exit code. */
    private static int reap(int pid) throws Exception {
        return new LinuxSyscalls().waitpid(pid, 0).shellCode();
    }

    @Test
    void createThenStart_runsOnlyAtStart_andStateFollowsTheProcess() throws Exception {
        Path out = tmp.resolve("c.out");
        config("echo started as $$; exit 7", c -> { });
        create(id("c1"), out).leaveWaiting();
        OciState created = containers.state(id("c1"));
        assertThat(created.status()).isEqualTo("created");
        assertThat(Files.readString(tmp.resolve(id("c1") + ".pid"))).isEqualTo(Integer.toString(created.pid()));
        assertThat(out).isEmptyFile(); // waits at the barrier: nothing of the image has run

        containers.start(id("c1"));
        assertThat(reap(created.pid())).isEqualTo(7);
        assertThat(Files.readString(out)).isEqualTo("started as 1\n");
        assertThat(containers.state(id("c1")).status()).isEqualTo("stopped");
        assertThat(containers.state(id("c1")).pid()).isZero();

        containers.delete(id("c1"), false);
        assertThatThrownBy(() -> containers.state(id("c1"))).hasMessage("container " + id("c1") + " does not exist");
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void illegalVerbs_nameTheStatus() throws Exception {
        config("exec sleep 1000", c -> { });
        create(id("c2"), tmp.resolve("c.out")).leaveWaiting();
        int pid = containers.state(id("c2")).pid();
        assertThatThrownBy(() -> create(id("c2"), tmp.resolve("c2.out"))).hasMessage("container " + id("c2") + " already exists");
        containers.start(id("c2"));
        assertThatThrownBy(() -> containers.start(id("c2"))).hasMessage("container " + id("c2") + " is running: start needs it created");
        assertThatThrownBy(() -> containers.delete(id("c2"), false))
                .hasMessage("container " + id("c2") + " is running: delete needs it created or stopped");
        assertThat(containers.pids(id("c2"))).containsExactly(pid);

        containers.kill(id("c2"), Signals.SIGKILL, false);
        assertThat(reap(pid)).isEqualTo(128 + 9);
        assertThatThrownBy(() -> containers.kill(id("c2"), Signals.SIGTERM, false))
                .hasMessage("container " + id("c2") + " is stopped: kill needs it created, running or paused");
        containers.delete(id("c2"), false);
        assertThatThrownBy(() -> containers.delete(id("c2"), false)).hasMessage("container " + id("c2") + " does not exist");
        containers.delete(id("c2"), true); // --force: a missing id is no error
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void forcedDelete_killsARunningContainer_andACreatedOneIsDeletedWithoutForce() throws Exception {
        config("exec sleep 1000", c -> { });
        create(id("c3"), tmp.resolve("c.out")).leaveWaiting();
        int created = containers.state(id("c3")).pid();
        containers.delete(id("c3"), false); // never started: its waiting process is killed
        assertThat(reap(created)).isEqualTo(128 + 9);

        create(id("c4"), tmp.resolve("c.out")).leaveWaiting();
        int running = containers.state(id("c4")).pid();
        containers.start(id("c4"));
        containers.delete(id("c4"), true);
        assertThat(reap(running)).isEqualTo(128 + 9);
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void pauseAndResume_freezeAndThaw_andAPausedContainerCanBeForceDeleted() throws Exception {
        Path in = tmp.resolve("in.fifo");
        assertThat(new ProcessBuilder("mkfifo", in.toString()).start().waitFor()).isZero();
        Path out = tmp.resolve("c.out");
        config("read line; echo got $line", c -> { });
        // opened read-write first, so that neither create's open nor ours blocks
        try (java.io.RandomAccessFile fifo = new java.io.RandomAccessFile(in.toFile(), "rw")) {
            Container c = engine.jrun.createFromBundle(id("c8"), bundle, new CreateOptions(null,
                    new Stdio(in, out, tmp.resolve("c8.err")), null, false), LaunchObserver.NONE);
            c.leaveWaiting();
            int pid = containers.state(id("c8")).pid();
            assertThatThrownBy(() -> containers.pause(id("c8")))
                    .hasMessage("container " + id("c8") + " is created: pause needs it running");
            containers.start(id("c8"));
            containers.pause(id("c8"));
            assertThat(containers.state(id("c8")).status()).isEqualTo("paused");
            assertThatThrownBy(() -> containers.start(id("c8")))
                    .hasMessage("container " + id("c8") + " is paused: start needs it created");
            containers.resume(id("c8"));
            assertThat(containers.state(id("c8")).status()).isEqualTo("running");
            fifo.write("x\n".getBytes());
            assertThat(reap(pid)).isZero();
        }
        assertThat(Files.readString(out)).isEqualTo("got x\n");
        containers.delete(id("c8"), false);

        config("exec sleep 1000", c -> { });
        create(id("c9"), tmp.resolve("c9.out")).leaveWaiting();
        int sleeper = containers.state(id("c9")).pid();
        containers.start(id("c9"));
        containers.pause(id("c9"));
        containers.delete(id("c9"), true);
        assertThat(reap(sleeper)).isEqualTo(128 + 9);
        assertThat(engine.leftovers()).isEmpty();
    }

    /** A hook that runs {@code script} with /bin/sh, the state on its stdin. */
    private static com.fasterxml.jackson.databind.JsonNode hook(String script, Integer timeout) {
        ObjectNode hook = JSON.createObjectNode().put("path", "/bin/sh");
        hook.set("args", JSON.valueToTree(List.of("sh", "-c", script)));
        hook.set("env", JSON.valueToTree(List.of("PATH=/usr/bin:/bin")));
        if (timeout != null) {
            hook.put("timeout", timeout);
        }
        return hook;
    }

    /**
     * A hook script that records where it runs into /evidence/NAME (NAME its first argument): its
     * hostname, /marker (only the image's root has one) and its namespaces. Exec'd in the container's
     * mount namespace, its #! interpreter is the image's /bin/sh (busybox), wherever the script was found.
     */
    private static final String EVIDENCE_HOOK = "#!/bin/sh\n{ hostname; cat /marker; for ns in uts mnt pid net ipc;"
            + " do readlink /proc/self/ns/$ns; done; } > /evidence/$1\n";

    /** An executable file at {@code path} holding {@code script}. */
    private static Path script(Path path, String script) throws Exception {
        Files.writeString(path, script);
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    /** A hook that runs the executable {@code path} with one argument. */
    private static com.fasterxml.jackson.databind.JsonNode hookAt(String path, String argument) {
        ObjectNode hook = JSON.createObjectNode().put("path", path);
        hook.set("args", JSON.valueToTree(List.of(Path.of(path).getFileName().toString(), argument)));
        hook.set("env", JSON.valueToTree(List.of("PATH=/usr/bin:/bin")));
        return hook;
    }

    /** {@code dir} bound read-write at {@code destination} in the container. */
    private static void bind(ObjectNode config, Path dir, String destination) {
        ((ArrayNode) config.get("mounts")).addObject().put("destination", destination).put("type", "bind")
                .put("source", dir.toString()).set("options", JSON.valueToTree(List.of("rbind", "rw")));
    }

    @Test
    void hooks_runAtEachPoint_withTheStateOnStdin() throws Exception {
        Path seen = Files.createDirectories(tmp.resolve("hooks"));
        // createContainer's path is the host's, but it runs in the container: its /bin/sh and /seen
        Path toSeen = script(tmp.resolve("to-seen.sh"), "#!/bin/sh\ncat > /seen/$1\n");
        config("echo ran", c -> {
            bind(c, seen, "/seen");
            ObjectNode hooks = c.putObject("hooks");
            for (String phase : List.of("createRuntime", "poststart", "poststop")) {
                hooks.putArray(phase).add(hook("cat > " + seen + "/" + phase, null));
            }
            hooks.putArray("createContainer").add(hookAt(toSeen.toString(), "createContainer"));
            hooks.putArray("startContainer").add(hook("cat > /seen/startContainer", null)); // the image's /bin/sh
        });
        create(id("c10"), tmp.resolve("c10.out")).leaveWaiting();
        int pid = containers.state(id("c10")).pid();
        assertThat(JSON.readTree(seen.resolve("createRuntime").toFile()).get("status").asText()).isEqualTo("created");
        assertThat(JSON.readTree(seen.resolve("createContainer").toFile()).get("pid").asInt()).isEqualTo(pid);
        assertThat(seen.resolve("startContainer")).doesNotExist();
        containers.start(id("c10"));
        assertThat(JSON.readTree(seen.resolve("startContainer").toFile()).get("status").asText()).isEqualTo("created");
        assertThat(JSON.readTree(seen.resolve("startContainer").toFile()).get("pid").asInt()).isEqualTo(pid);
        assertThat(JSON.readTree(seen.resolve("poststart").toFile()).get("status").asText()).isEqualTo("running");
        reap(pid);
        containers.delete(id("c10"), false);
        ObjectNode poststop = (ObjectNode) JSON.readTree(seen.resolve("poststop").toFile());
        assertThat(poststop.get("status").asText()).isEqualTo("stopped");
        assertThat(poststop.get("id").asText()).isEqualTo(id("c10"));
        assertThat(poststop.get("bundle").asText()).isEqualTo(bundle.toString());
    }

    @Test
    void aFailingOrHangingCreateHook_failsCreate_andLeavesNothing() throws Exception {
        config("true", c -> c.putObject("hooks").putArray("createRuntime").add(hook("echo no network >&2; exit 3",
                null)));
        assertThatThrownBy(() -> create(id("c11"), tmp.resolve("c11.out")))
                .hasMessageContaining("hooks.createRuntime[0] (/bin/sh): exit status 3: no network");
        config("true", c -> c.putObject("hooks").putArray("createRuntime").add(hook("exec sleep 1000", 1)));
        assertThatThrownBy(() -> create(id("c11"), tmp.resolve("c11.out")))
                .hasMessageContaining("hooks.createRuntime[0] (/bin/sh): still running after its timeout of 1 s;"
                        + " killed");
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void containerHooks_runInTheContainersNamespaces_andCreateRuntimeInTheHosts() throws Exception {
        Path evidence = Files.createDirectories(tmp.resolve("evidence"));
        Path hostHook = script(tmp.resolve("on-host.sh"), EVIDENCE_HOOK); // not in the image
        script(bundle.resolve("rootfs/in-image.sh"), EVIDENCE_HOOK); // not on the host
        Files.writeString(bundle.resolve("rootfs/marker"), "the image's root\n");
        config("true", c -> {
            c.put("hostname", "hooked");
            bind(c, evidence, "/evidence");
            ObjectNode hooks = c.putObject("hooks");
            hooks.putArray("createRuntime").add(hook("hostname > " + evidence + "/createRuntime", null));
            hooks.putArray("createContainer").add(hookAt(hostHook.toString(), "createContainer"));
            hooks.putArray("startContainer").add(hookAt("/in-image.sh", "startContainer"));
        });
        create(id("c14"), tmp.resolve("c14.out")).leaveWaiting();
        int pid = containers.state(id("c14")).pid();
        List<String> inContainer = new java.util.ArrayList<>(List.of("hooked", "the image's root"));
        for (String ns : List.of("uts", "mnt", "pid", "net", "ipc")) {
            inContainer.add(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)).toString());
        }
        assertThat(Files.readAllLines(evidence.resolve("createContainer"))).isEqualTo(inContainer);
        assertThat(Files.readString(evidence.resolve("createRuntime")))
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")));
        assertThat(evidence.resolve("startContainer")).doesNotExist();

        containers.start(id("c14"));
        assertThat(Files.readAllLines(evidence.resolve("startContainer"))).isEqualTo(inContainer);
        assertThat(reap(pid)).isZero();
    }

    @Test
    void aContainerHookMissingWhereItsPathIsLookedUp_failsNamingTheHook() throws Exception {
        script(bundle.resolve("rootfs/in-image.sh"), "#!/bin/sh\n");
        Path hostHook = script(tmp.resolve("on-host.sh"), "#!/bin/sh\n");
        config("true", c -> c.putObject("hooks").putArray("createContainer").add(hookAt("/in-image.sh", "x")));
        assertThatThrownBy(() -> create(id("c15"), tmp.resolve("c15.out")))
                .hasMessageContaining("hooks.createContainer[0] (/in-image.sh): open(\"/in-image.sh\", ")
                .hasMessageContaining("failed: ENOENT");
        Path hostInterpreter = script(tmp.resolve("host-interpreter.sh"), "#!" + hostHook + "\n");
        config("true", c -> c.putObject("hooks").putArray("createContainer").add(hookAt(hostInterpreter.toString(),
                "x")));
        assertThatThrownBy(() -> create(id("c15"), tmp.resolve("c15.out")))
                .hasMessageContaining("hooks.createContainer[0] (" + hostInterpreter + "): posix_spawn(")
                .hasMessageEndingWith("(the hook was found on the host, but runs in the container's mount namespace:"
                        + " its #! interpreter or its dynamic loader is not there)");
        assertThat(engine.leftovers()).isEmpty();

        config("true", c -> c.putObject("hooks").putArray("startContainer").add(hookAt(hostHook.toString(), "x")));
        create(id("c15"), tmp.resolve("c15.out")).leaveWaiting();
        assertThatThrownBy(() -> containers.start(id("c15")))
                .hasMessageContaining("hooks.startContainer[0] (" + hostHook + "): posix_spawn(\"" + hostHook + "\"")
                .hasMessageContaining("failed: ENOENT");
        assertThat(containers.state(id("c15")).status()).isEqualTo("created");
        int waiting = containers.state(id("c15")).pid();
        containers.delete(id("c15"), true);
        assertThat(reap(waiting)).isEqualTo(128 + 9); // this JVM is its parent: no zombie left for later tests
    }

    @Test
    void sysctls_ofTheContainersNamespaces_areSet_andHostOnesRefused() throws Exception {
        Path out = tmp.resolve("c12.out");
        config("cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmni", c -> ((ObjectNode) c.get("linux"))
                .putObject("sysctl").put("net.ipv4.ip_forward", "1").put("kernel.shmmni", "1234"));
        Container c = create(id("c12"), out);
        c.start();
        c.waitFor();
        c.close();
        assertThat(Files.readString(out)).isEqualTo("1\n1234\n");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/shmmni")).strip()).isNotEqualTo("1234");
        config("true", c2 -> ((ObjectNode) c2.get("linux")).putObject("sysctl").put("kernel.panic", "1"));
        assertThatThrownBy(() -> create(id("c12"), out)).hasMessage("linux.sysctl.kernel.panic: not a setting of"
                + " the container's own namespaces: it would change the host");
        assertThat(engine.leftovers()).isEmpty();
    }

    /**
     * process.capabilities' five sets, each as given. After execve (capabilities(7), "Transformation
     * of capabilities during execve") a root process would hold bounding | inheritable, but with
     * no_new_privs (the default spec's) no more than it was permitted before; a non-root process
     * holds only its ambient set.
     */
    @Test
    void theFiveCapabilitySets_applyAsGiven() throws Exception {
        String status = "grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status";
        config(status, c -> capabilities(c, List.of("CAP_CHOWN", "CAP_KILL"), List.of(), List.of("CAP_CHOWN"),
                List.of("CAP_KILL"), List.of()));
        Path root = tmp.resolve("root.out");
        create(id("caps1"), root).leaveWaiting();
        int caps1 = containers.state(id("caps1")).pid();
        containers.start(id("caps1"));
        assertThat(reap(caps1)).isZero();
        // CHOWN is bit 0 (1), KILL bit 5 (0x20)
        assertThat(Files.readString(root)).isEqualTo("CapInh:\t0000000000000020\nCapPrm:\t0000000000000001\n"
                + "CapEff:\t0000000000000001\nCapBnd:\t0000000000000021\nCapAmb:\t0000000000000000\n");

        List<String> bind = List.of("CAP_NET_BIND_SERVICE"); // bit 10 (0x400)
        config("id -u; " + status, c -> {
            ((ObjectNode) c.get("process").get("user")).put("uid", 1000).put("gid", 1000);
            capabilities(c, List.of("CAP_NET_BIND_SERVICE", "CAP_KILL"), bind, bind, bind, bind);
        });
        Path user = tmp.resolve("user.out");
        create(id("caps2"), user).leaveWaiting();
        int caps2 = containers.state(id("caps2")).pid();
        containers.start(id("caps2"));
        assertThat(reap(caps2)).isZero();
        assertThat(Files.readString(user)).isEqualTo("1000\nCapInh:\t0000000000000400\nCapPrm:\t0000000000000400\n"
                + "CapEff:\t0000000000000400\nCapBnd:\t0000000000000420\nCapAmb:\t0000000000000400\n");
    }

    /**
     * runc's own spec asks for ambient capabilities without inheritable ones (since CVE-2022-29162),
     * which the kernel cannot raise: they are left out with a warning, as runc does, not a failure.
     */
    @Test
    void ambientCapabilitiesThatAreNotInheritable_areLeftOut_notAFailure() throws Exception {
        List<String> three = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        config("grep -E '^Cap(Inh|Amb)' /proc/self/status", c -> capabilities(c, three, three, three, List.of(),
                three));
        Path out = tmp.resolve("amb.out");
        create(id("amb"), out).leaveWaiting();
        int pid = containers.state(id("amb")).pid();
        containers.start(id("amb"));
        assertThat(reap(pid)).isZero();
        assertThat(Files.readString(out)).isEqualTo("CapInh:\t0000000000000000\nCapAmb:\t0000000000000000\n");
    }

    private static void capabilities(ObjectNode config, List<String> bounding, List<String> effective,
                                     List<String> permitted, List<String> inheritable, List<String> ambient) {
        ((ObjectNode) config.get("process")).set("capabilities", JSON.valueToTree(java.util.Map.of("bounding",
                bounding, "effective", effective, "permitted", permitted, "inheritable", inheritable,
                "ambient", ambient)));
    }

    @Test
    void theConfigsOwnMaskedAndReadOnlyPaths_apply() throws Exception {
        Path out = tmp.resolve("c13.out");
        config("wc -c < /proc/uptime; grep -c ' /proc/sys ' /proc/mounts; grep ' /proc/bus ' /proc/mounts | cut -d' ' -f4"
                + " | cut -d, -f1", c -> {
                    ((ObjectNode) c.get("linux")).putArray("maskedPaths").add("/proc/uptime");
                    ((ObjectNode) c.get("linux")).putArray("readonlyPaths").add("/proc/bus");
                });
        Container c = create(id("c13"), out);
        c.start();
        c.waitFor();
        c.close();
        // uptime hidden, /proc/sys left alone (docker's list would make it read-only), /proc/bus read-only
        assertThat(Files.readString(out)).isEqualTo("0\n0\nro\n");
    }

    @Test
    void configMounts_bindAndTmpfs_areSeenInside() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "from the host");
        Path out = tmp.resolve("c.out");
        config("cat /data/in.txt; echo; touch /data/x 2>&1 | grep -o 'Read-only file system'; "
                + "grep ' /scratch ' /proc/mounts | cut -d' ' -f3", c -> {
                    ArrayNode mounts = (ArrayNode) c.get("mounts");
                    mounts.addObject().put("destination", "/data").put("type", "bind").put("source", data.toString())
                            .set("options", JSON.valueToTree(List.of("rbind", "ro")));
                    mounts.addObject().put("destination", "/scratch").put("type", "tmpfs").put("source", "tmpfs")
                            .set("options", JSON.valueToTree(List.of("nosuid", "size=1m")));
                });
        Container c = create(id("c5"), out);
        c.start();
        assertThat(c.waitFor().shellCode()).isZero();
        c.close();
        assertThat(Files.readString(out)).isEqualTo("from the host\nRead-only file system\ntmpfs\n");
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void configCgroupMount_showsTheContainersOwnCgroups_writableWhenNotRo_andNoneWithoutIt() throws Exception {
        Path out = tmp.resolve("c.out");
        config("m=/sys/fs/cgroup/memory; [ -f /sys/fs/cgroup/cgroup.controllers ] && m=/sys/fs/cgroup;"
                + " mkdir $m/x && rmdir $m/x && echo made-a-group; cat /proc/self/cgroup | grep -c ':/$'", c -> {
                    for (var mount : c.get("mounts")) {
                        if (mount.get("destination").asText().equals("/sys/fs/cgroup")) {
                            ((ObjectNode) mount).set("options", JSON.valueToTree(List.of("nosuid", "nodev", "rw")));
                        }
                    }
                });
        Container rw = create(id("c8"), out);
        rw.start();
        assertThat(rw.waitFor().shellCode()).isZero();
        rw.close();
        String[] lines = Files.readString(out).split("\n");
        assertThat(lines[0]).isEqualTo("made-a-group");
        assertThat(Integer.parseInt(lines[1])).as("every group seen as /, in its cgroup namespace").isPositive();

        config("ls -A /sys/fs/cgroup | wc -l", c -> {
            ArrayNode mounts = (ArrayNode) c.get("mounts");
            for (int i = mounts.size() - 1; i >= 0; i--) {
                if (mounts.get(i).get("type").asText().equals("cgroup")) {
                    mounts.remove(i);
                }
            }
        });
        Container none = create(id("c9"), out);
        none.start();
        none.waitFor();
        none.close();
        assertThat(Files.readString(out).strip()).as("sysfs's own empty directory").isEqualTo("0");
        assertThat(engine.leftovers()).isEmpty();
    }

    @Test
    void aNamespaceJoinedByPath_isShared() throws Exception {
        Path out = tmp.resolve("c.out");
        config("readlink /proc/self/ns/net", c -> {
            ArrayNode namespaces = (ArrayNode) c.get("linux").get("namespaces");
            for (int i = namespaces.size() - 1; i >= 0; i--) {
                if (namespaces.get(i).get("type").asText().equals("network")) {
                    namespaces.remove(i);
                }
            }
            namespaces.addObject().put("type", "network").put("path", "/proc/self/ns/net");
        });
        Container c = create(id("c6"), out);
        c.start();
        c.waitFor();
        c.close();
        assertThat(Files.readString(out).strip()).isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net"))
                .toString());
    }

    @Test
    void anInvalidOrUnsupportedField_isNamed_andNothingIsLeft() throws Exception {
        config("true", c -> ((ObjectNode) c.get("process")).put("terminal", true));
        assertThatThrownBy(() -> create(id("c7"), tmp.resolve("c.out")))
                .hasMessageStartingWith("process.terminal: ");
        config("true", c -> ((ObjectNode) c.get("process").get("user")).put("uid", "root"));
        assertThatThrownBy(() -> create(id("c7"), tmp.resolve("c.out")))
                .hasMessageContaining("process.user.uid: expected an integer");
        config("true", c -> ((ObjectNode) c.get("linux")).putArray("uidMappings").addObject().put("containerID", 0)
                .put("hostID", 1000).put("size", 1));
        assertThatThrownBy(() -> create(id("c7"), tmp.resolve("c.out"))).hasMessageStartingWith("linux.uidMappings: ");
        config("true", c -> ((ObjectNode) c.get("linux")).put("rootfsPropagation", "rshared"));
        assertThatThrownBy(() -> create(id("c7"), tmp.resolve("c.out")))
                .hasMessageStartingWith("linux.rootfsPropagation: rshared is not supported yet");
        config("true", c -> ((ArrayNode) c.get("mounts")).addObject().put("destination", "/cg").put("type", "cgroup"));
        assertThatThrownBy(() -> create(id("c7"), tmp.resolve("c.out")))
                .hasMessage("mounts[7]: a cgroup mount at /cg is not supported (jrun mounts the container's cgroups at"
                        + " /sys/fs/cgroup only)");
        config("true", c -> ((ObjectNode) c.get("linux")).put("cgroupsPath", "/jrun-test/../../escape"));
        assertThatThrownBy(() -> create(id("c7"), tmp.resolve("c.out"))).hasMessageContaining("not a cgroup path");
        assertThat(engine.leftovers()).isEmpty();
    }
}
