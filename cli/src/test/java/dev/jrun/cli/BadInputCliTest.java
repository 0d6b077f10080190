package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets one line naming the thing and the cause, exit 125, and leaves no mounts,
 * directories or processes behind.
 */
class BadInputCliTest {
    @TempDir
    Path tmp;
    Cli cli;
    List<String> mountsBefore;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(tmp);
        mountsBefore = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    }

    private void assertOneLineError(Cli.Result r, String line) throws Exception {
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("jrun: " + line + "\n");
        assertThat(cli.leftovers()).isEmpty();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).isEqualTo(mountsBefore);
    }

    @Test
    void unknownFlag() throws Exception {
        assertOneLineError(cli.run("run", "--no-such-flag", "x.tar"),
                "Unknown option: '--no-such-flag' (see `jrun run --help`)");
    }

    @Test
    void securityFlagsThatMakeNoSense() throws Exception {
        assertOneLineError(cli.run("run", "--cap-add", "CAP_FLY", "x.tar"),
                "--cap-add CAP_FLY: no such capability (see capabilities(7); with or without CAP_, or ALL)");
        assertOneLineError(cli.run("run", "--security-opt", "apparmor=x", "x.tar"),
                "--security-opt apparmor=x: unknown option (known: no-new-privileges[=true|false],"
                        + " seccomp=unconfined|PROFILE.json)");
        assertOneLineError(cli.run("run", "--security-opt", "seccomp=/no/such.json", "x.tar"),
                "--security-opt seccomp=/no/such.json: no such file");
        assertOneLineError(cli.run("run", "--security-opt", "no-new-privileges=maybe", "x.tar"),
                "--security-opt no-new-privileges=maybe: want true or false");
    }

    @Test
    void networkFlagsThatMakeNoSense() throws Exception {
        assertOneLineError(cli.run("run", "--network", "wi fi", "x.tar"),
                "--network wi fi: unknown network (none, host, bridge, container:ID or a network's name)");
        Cli.assumeRoot();
        String image = Cli.image("busybox.tar").toString();
        assertOneLineError(cli.run("run", "--network", "container:nope", image, "true"), "container nope does not exist");
    }

    @Test
    void limitsThatMakeNoSense() throws Exception {
        assertOneLineError(cli.run("run", "--memory", "lots", "x.tar"), "Invalid value for option '--memory': invalid"
                + " size lots (want a number with an optional unit b, k, m, g, t or p, e.g. 64m) (see `jrun run --help`)");
        Cli.assumeRoot();
        String image = Cli.image("busybox.tar").toString();
        assertOneLineError(cli.run("run", "--memory-swap", "1g", image, "true"), "--memory-swap needs --memory");
        assertOneLineError(cli.run("run", "--cpus", "0", image, "true"),
                "--cpus must be a positive number of CPUs, not 0.0");
        assertOneLineError(cli.run("run", "--user", "ghost", image, "true"),
                "unable to find user ghost: no matching entries in the image's /etc/passwd");
    }

    @Test
    void missingImageArgument() throws Exception {
        assertOneLineError(cli.run("run"), "Missing required parameter: 'IMAGE' (see `jrun run --help`)");
    }

    @Test
    void missingFile() throws Exception {
        Cli.assumeRoot();
        Path missing = tmp.resolve("missing.tar");
        assertOneLineError(cli.run("run", missing.toString()),
                "image " + missing + ": no such file, and no loaded image of that name or id (see jrun images)");
    }

    @Test
    void notAnArchive() throws Exception {
        Cli.assumeRoot();
        Path image = Cli.image("not-an-archive.tar");
        assertOneLineError(cli.run("run", image.toString()), "image " + image + ": not an image archive (not a tar file)");
    }

    @Test
    void archiveWithoutManifest() throws Exception {
        Cli.assumeRoot();
        Path image = Cli.image("no-manifest.tar");
        assertOneLineError(cli.run("run", image.toString(), "true"),
                "image " + image + ": not a docker-archive (no manifest.json)");
    }

    @Test
    void layerTruncatedInTheMiddle() throws Exception {
        Cli.assumeRoot();
        Path image = Cli.image("truncated-layer.tar");
        var r = cli.run("run", image.toString(), "true");
        assertThat(r.err()).startsWith("jrun: layer ").contains("truncated in the middle of entry bin/busybox");
        assertOneLineError(r, r.err().substring("jrun: ".length()).strip());
    }

    @Test
    void notRootAndNotThroughTheLauncher() throws Exception {
        Path image = Cli.image("busybox.tar");
        List<String> asNobody = Cli.isRoot()
                // keep read access to the build's class path under /root, but not root's identity
                ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search")
                : List.of();
        Process p = cli.start(asNobody, "run", image.toString(), "true");
        p.getOutputStream().close();
        var r = new Cli.Result(p.waitFor(), new String(p.getInputStream().readAllBytes()),
                new String(p.getErrorStream().readAllBytes()));
        assertOneLineError(r, "not root: run jrun as root, or as an ordinary user through its launcher (./jrun),"
                + " which starts it in a user namespace of its own");
    }

    @Test
    void nameThatCouldLeaveTheStateRoot() throws Exception {
        String image = Cli.image("busybox.tar").toString();
        String why = "use letters, digits, _, . and -, starting with a letter or digit (at most 128)";
        assertOneLineError(cli.run("run", "--name", "../etc", image, "true"),
                "invalid container name \"../etc\": " + why);
        assertOneLineError(cli.run("rm", ".."), "invalid container name \"..\": " + why);
    }
}
