package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rootless: the real {@code ./jrun} run by an ordinary user the test creates (as root, which CI is),
 * once with a subuid range (65536 ids through newuidmap) and once with only the user's own id.
 * The launcher, jar and image are copied where that user can read them, so any clone works.
 */
class RootlessIT {
    private static final long SUBIDS = 300_000;

    @TempDir
    Path tmp;

    private String user;
    private int uid;
    private Path home;
    private Path runtimeDir;

    @BeforeEach
    void createUser() throws Exception {
        Cli.assumeRoot();
        assumeTrue(Commands.onPath("useradd") && Commands.onPath("setpriv") && Commands.onPath("unshare"),
                "needs useradd, setpriv and unshare (passwd and util-linux packages)");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        user = "jrun-it-" + ProcessHandle.current().pid();
        home = tmp.resolve("home");
        runtimeDir = tmp.resolve("run-user");
        assertThat(root("useradd", "--no-create-home", "--home-dir", home.toString(), "--shell", "/bin/sh",
                "--user-group", user)).isZero();
        uid = Integer.parseInt(output("id", "-u", user).strip());
        dropSubordinateIds(); // useradd may have given the user a range; each test decides
        for (Path dir : List.of(home, runtimeDir, tmp.resolve("volume"))) {
            Files.createDirectories(dir);
            assertThat(root("chown", user + ":" + user, dir.toString())).isZero();
        }
        Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void deleteUser() throws Exception {
        if (user != null) {
            // the store's absolute symlinks would each make @TempDir's clean-up print a warning
            dev.jrun.rootfs.HostTrees.delete(home);
            dropSubordinateIds();
            root("userdel", user);
        }
    }

    private void dropSubordinateIds() throws IOException {
        for (Path file : List.of(Path.of("/etc/subuid"), Path.of("/etc/subgid"))) {
            if (Files.exists(file)) {
                List<String> kept = Files.readAllLines(file).stream().filter(l -> !l.startsWith(user + ":")).toList();
                Files.write(file, kept);
            }
        }
    }

    @Test
    void withASubuidRange_uid0IsTheUser_volumeFilesAreTheirs_andNoRootOwnedStateIsLeft() throws Exception {
        assumeTrue(Commands.onPath("newuidmap") && Commands.onPath("newgidmap"),
                "needs newuidmap and newgidmap (package uidmap)");
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            Files.writeString(Path.of(file), user + ":" + SUBIDS + ":65536\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }

        Result r = jrunAsUser("run", "--volume", tmp.resolve("volume") + ":/data", image(), "sh", "-c",
                "id -u; cat /proc/self/uid_map; echo hi > /data/by-root; mkdir /data/dir; chown 1000:1000 /data/dir");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")))
                .containsExactly("0", "0 " + uid + " 1", "1 " + SUBIDS + " 65536");
        assertThat(owner(tmp.resolve("volume/by-root"))).isEqualTo(uid);
        assertThat(owner(tmp.resolve("volume/dir"))).as("chown to 1000 inside").isEqualTo(SUBIDS + 999);

        Result other = jrunAsUser("run", "--user", "1000:1000", "--volume", tmp.resolve("volume") + ":/data",
                image(), "sh", "-c", "id; touch /data/dir/by-1000");
        assertThat(other.code()).as(other.stderr()).isZero();
        assertThat(other.stdout()).isEqualTo("uid=1000 gid=1000\n");
        assertThat(owner(tmp.resolve("volume/dir/by-1000"))).as("uid 1000 inside is the range's 1000th id")
                .isEqualTo(SUBIDS + 999);

        assertNoRootOwnedState();
    }

    @Test
    void withOnlyTheirOwnId_uid0IsTheUser_otherIdsAreRefused() throws Exception {
        Result r = jrunAsUser("run", "--volume", tmp.resolve("volume") + ":/data", image(), "sh", "-c",
                "id -u; cat /proc/self/uid_map; echo hi > /data/by-root");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " "))).containsExactly("0", "0 " + uid + " 1");
        assertThat(owner(tmp.resolve("volume/by-root"))).isEqualTo(uid);

        Result volume = jrunAsUser("run", "-v", "etc:/etc", image(), "sh", "-c", "grep -c root /etc/passwd");
        assertThat(volume.code()).as(volume.stderr()).isZero(); // a named volume, filled from the image
        assertThat(volume.stdout()).isEqualTo("1\n");

        Result other = jrunAsUser("run", "--user", "1000", image(), "id");
        assertThat(other.code()).isEqualTo(125);
        assertThat(other.stderr()).startsWith("jrun: user 1000 is not mapped in rootless jrun's user namespace (only uid"
                + " 0 is mapped;");

        assertNoRootOwnedState();
    }

    /** What root's containers get, a rootless one gets too: a /proc of its own, docker's seccomp filter, an overlay root. */
    @Test
    void procSeccompAndOverlayRoot_asForRoot() throws Exception {
        // echo is a shell builtin: when the glob is expanded, the shell (pid 1) is the only process
        Result r = jrunAsUser("run", image(), "sh", "-c", "echo /proc/[0-9]*; grep '^Seccomp:' /proc/self/status;"
                + " grep ' / / ' /proc/self/mountinfo | sed 's/.* - //; s/ .*//'");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("/proc/1\nSeccomp:\t2\noverlay\n");
        assertNoRootOwnedState();
    }

    /** Rootless jrun cannot make device nodes (mknod needs CAP_MKNOD in the host's namespace): --device binds the host's. */
    @Test
    void aDevice_isTheHostsNodeBoundIn_andMknodIsRefused() throws Exception {
        Result r = jrunAsUser("run", "--device", "/dev/zero:/dev/zz", image(), "sh", "-c",
                "head -c 5 /dev/zz | wc -c; mknod /dev/null2 c 1 3 2>/dev/null || echo refused");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().map(String::trim)).containsExactly("5", "refused");
        assertNoRootOwnedState();
    }

    @Test
    void aLimitWithoutADelegatedCgroup_isRefusedNotIgnored() throws Exception {
        Result r = jrunAsUser("run", "--memory", "64m", "--pids-limit", "10", image(), "true");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.stderr()).startsWith("jrun: --memory, --pids-limit need a cgroup, and rootless jrun has none: ");
        assertNoRootOwnedState();
    }

    /**
     * The OCI verbs as a rootless client calls them, each a jrun command of its own (and so each in a
     * user namespace of its own): {@code jrun spec --rootless} writes a user namespace and an id
     * mapping that the launcher's namespace meets; create leaves the process waiting, start lets it
     * run, delete --force ends it. exec cannot join namespaces owned by another command's user
     * namespace, and says so.
     */
    @Test
    void ociVerbs_acrossCommands_withTheRootlessSpec() throws Exception {
        Path bundle = tmp.resolve("bundle");
        Files.createDirectories(bundle.resolve("rootfs"));
        assertThat(root("chown", "-R", user + ":" + user, bundle.toString())).isZero();
        String image = image();
        assertThat(asUser("sh", "-c", "tar -xOf " + image + " $(tar -tf " + image + " | grep layer.tar) | tar -x -C "
                + bundle.resolve("rootfs"))).isZero(); // a rootless user unpacks its own rootfs
        Result spec = jrunAsUser("spec", "--rootless", "--bundle", bundle.toString());
        assertThat(spec.code()).as(spec.stderr()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("process")).put("terminal", false)
                .set("args", json.valueToTree(List.of("sh", "-c", "echo started as $(id -u); exec sleep 1000")));
        Files.writeString(bundle.resolve("config.json"), json.writeValueAsString(config));

        Path out = tmp.resolve("c.out");
        List<String> create = new ArrayList<>(asUserCommand("create", "--bundle", bundle.toString(), "c1"));
        // the container keeps create's stdout and stderr: a file, so that create's own exit is seen
        int created = new ProcessBuilder(create).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start().waitFor();
        assertThat(created).as(read(Files.newInputStream(out))).isZero();
        assertThat(jrunAsUser("state", "c1").stdout()).contains("\"status\" : \"created\"");
        assertThat(jrunAsUser("start", "c1").code()).isZero();
        assertThat(jrunAsUser("state", "c1").stdout()).contains("\"status\" : \"running\"");

        Result exec = jrunAsUser("exec", "c1", "true");
        assertThat(exec.code()).isEqualTo(125);
        assertThat(exec.stderr()).startsWith("jrun: exec c1: the container runs in the user namespace of the rootless"
                + " jrun command that created it");

        Result delete = jrunAsUser("delete", "--force", "c1");
        assertThat(delete.code()).as(delete.stderr()).isZero();
        assertThat(Files.readString(out)).isEqualTo("started as 0\n");
        assertThat(jrunAsUser("list", "-q").stdout()).isEmpty();
    }

    @Test
    void withoutACgroupOfItsOwn_sysFsCgroupShowsJrunsGroupsReadOnly() throws Exception {
        // in the container's cgroup namespace, rooted at jrun's groups: each line of /proc/self/cgroup is /
        Result r = jrunAsUser("run", image(), "sh", "-c", "grep -vc ':/$' /proc/self/cgroup;"
                + " grep -Ec ' - cgroup2? ' /proc/self/mountinfo; grep ' /sys/fs/cgroup' /proc/self/mountinfo"
                + " | grep -vc ' ro,'; mkdir /sys/fs/cgroup/x 2>&1");
        String[] lines = r.stdout().split("\n");
        assertThat(lines[0]).isEqualTo("0");
        assertThat(Integer.parseInt(lines[1])).as("cgroup mounts").isPositive();
        assertThat(lines[2]).as("mounts at /sys/fs/cgroup that are not read-only").isEqualTo("0");
        assertThat(lines[3]).endsWith("Read-only file system");
        assertNoRootOwnedState();
    }

    @Test
    void withADelegatedCgroupV2Subtree_limitsApply() throws Exception {
        Path cgroupRoot = Path.of("/sys/fs/cgroup");
        assumeTrue(Files.exists(cgroupRoot.resolve("cgroup.controllers")), "needs a cgroup v2 host; this one is"
                + " v1 or hybrid (test-vm/run.sh boots a v2 guest that runs this test)");
        // what systemd's Delegate=yes does: a subtree the user owns, jrun started in a leaf of it
        Path delegated = cgroupRoot.resolve("jrun-test-rootless-" + ProcessHandle.current().pid());
        Path leaf = delegated.resolve("shell");
        Files.writeString(cgroupRoot.resolve("cgroup.subtree_control"), "+memory +pids");
        Files.createDirectories(leaf);
        try {
            for (Path dir : List.of(delegated, leaf)) {
                for (String file : List.of("", "cgroup.procs", "cgroup.subtree_control", "cgroup.threads")) {
                    assertThat(root("chown", user + ":" + user, dir.resolve(file).toString())).isZero();
                }
            }
            Result r = jrunAsUser(leaf, "run", "--memory", "32m", "--pids-limit", "20", image(), "sh", "-c",
                    "cat /proc/self/cgroup /sys/fs/cgroup/memory.max; x=$(head -c 100000000 /dev/zero | tr '\\0' a)");
            assertThat(r.stdout()).as("its own cgroup, seen as / and at /sys/fs/cgroup").isEqualTo("0::/\n33554432\n");
            assertThat(r.code()).as(r.stderr()).isEqualTo(137);
            assertThat(r.stderr()).isEqualTo("jrun: killed: out of memory, limit 32 MiB\n");
            try (Stream<Path> left = Files.list(delegated.resolve("jrun"))) {
                assertThat(left.filter(Files::isDirectory)).as("the container's cgroup is removed").isEmpty();
            }
        } finally {
            for (Path dir : List.of(delegated.resolve("jrun"), leaf, delegated)) {
                Files.deleteIfExists(dir);
            }
        }
    }

    /** Nothing jrun wrote for the user belongs to root: state, store and volume are the user's (or its range's). */
    private void assertNoRootOwnedState() throws IOException {
        List<Path> rootOwned = new ArrayList<>();
        for (Path dir : List.of(home, runtimeDir, tmp.resolve("volume"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> owner(f) == 0).forEach(rootOwned::add);
            }
        }
        assertThat(rootOwned).isEmpty();
        assertThat(home.resolve(".local/share/jrun/layers")).isDirectory();
        try (Stream<Path> left = Files.list(runtimeDir.resolve("jrun"))) {
            assertThat(left).as("no container state left").isEmpty();
        }
    }

    /** The image, copied where the user can read it. */
    private String image() throws IOException {
        Path copy = tmp.resolve("busybox.tar");
        if (!Files.exists(copy)) {
            Files.copy(Cli.image("busybox.tar"), copy);
        }
        return copy.toString();
    }

    /** The launcher and what it runs (jar, JNA's native library), copied where the user can read them. */
    private Path installedLauncher() throws IOException {
        String repo = System.getProperty("jrun.repo");
        assumeTrue(repo != null, "system property jrun.repo is not set (run through Maven)");
        Path install = tmp.resolve("install");
        if (!Files.exists(install)) {
            Path target = Path.of(repo, "cli", "target");
            Files.createDirectories(install.resolve("cli/target"));
            Files.copy(Path.of(repo, "jrun"), install.resolve("jrun"));
            Files.copy(target.resolve("jrun.jar"), install.resolve("cli/target/jrun.jar"));
            try (Stream<Path> jna = Files.walk(target.resolve("jna"))) {
                for (Path p : (Iterable<Path>) jna::iterator) {
                    Files.copy(p, install.resolve("cli/target").resolve(target.relativize(p)));
                }
            }
        }
        return install.resolve("jrun");
    }

    private record Result(int code, String stdout, String stderr) {}

    /** {@code ./jrun ARGS} as the user ({@link #asUserCommand}): its exit code and output. */
    private Result jrunAsUser(String... args) throws Exception {
        return jrunAsUser(null, args);
    }

    /** The same, started in {@code cgroup} (a v2 directory), or where this test runs if null. */
    private Result jrunAsUser(Path cgroup, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (cgroup != null) {
            cmd.addAll(List.of("sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", cgroup.toString()));
        }
        cmd.addAll(asUserCommand(args));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> err.complete(read(p.getErrorStream())));
        reader.start();
        String out = read(p.getInputStream());
        return new Result(p.waitFor(), out, err.join());
    }

    /** {@code ./jrun ARGS} as the user, with a login-like environment of its own and this test's JVM. */
    private List<String> asUserCommand(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--init-groups",
                "env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home, "XDG_RUNTIME_DIR=" + runtimeDir,
                "JAVA_HOME=" + System.getProperty("java.home"), installedLauncher().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Any command as the user; its exit code. */
    private int asUser(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--init-groups"));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static long owner(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int root(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    private static String output(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        String out = read(p.getInputStream());
        p.waitFor();
        return out;
    }
}
