package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./jrun} launcher over the packaged jar (runs after {@code package}): stdout is the
 * container's alone, and every signal jrun forwards, SIGQUIT included, reaches the container.
 */
class LauncherIT {
    @TempDir
    Path tmp;

    private Process jrun(String... args) throws Exception {
        return jrun(Map.of(), args);
    }

    private Process jrun(Map<String, String> env, String... args) throws Exception {
        String repo = System.getProperty("jrun.repo");
        assumeTrue(repo != null, "system property jrun.repo is not set (run through Maven)");
        List<String> cmd = new ArrayList<>(List.of(Path.of(repo, "jrun").toString(), "--root=" + tmp.resolve("state"),
                "--data-root=" + tmp.resolve("data")));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(env);
        return builder.start();
    }

    @Test
    void version_printsOnlyTheVersionOnStdout() throws Exception {
        Process p = jrun("--version");
        assertThat(new String(p.getInputStream().readAllBytes())).startsWith("jrun ").contains("OCI runtime-spec");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void everyForwardedSignal_reachesTheContainer_quitIncluded() throws Exception {
        Cli.assumeRoot();
        String busybox = Cli.image("busybox.tar").toString();
        Process p = jrun("run", busybox, "sh", "-c",
                "for s in HUP INT USR1 USR2 TERM; do trap \"echo got $s\" $s; done;"
                        + " trap 'echo got QUIT; exit 4' QUIT; echo ready; while :; do sleep 1000 & wait; done");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertThat(out.readLine()).isEqualTo("ready");
        for (String signal : List.of("HUP", "INT", "USR1", "USR2", "TERM")) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertThat(out.readLine()).isEqualTo("got " + signal);
        }
        new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start().waitFor();
        assertThat(out.readLine()).isEqualTo("got QUIT");
        assertThat(p.waitFor()).isEqualTo(4);
        assertThat(new String(p.getErrorStream().readAllBytes())).isEmpty();
        try (var left = Files.list(tmp.resolve("state"))) {
            assertThat(left).isEmpty();
        }
    }

    /**
     * zstd layers decode through zstd-jni's native library, which the launcher has the JVM load from the
     * build, as JNA's: jrun never copies it to the temp directory, so a missing (or noexec) one does not
     * keep a zstd image from loading.
     */
    @Test
    void aZstdImage_loads_withoutUsingTheTempDirectory() throws Exception {
        Cli.assumeRoot();
        Commands.assumeOnPath("skopeo", "skopeo");
        Path layout = tmp.resolve("zstd-layout");
        Process copy = new ProcessBuilder("skopeo", "copy", "--dest-compress", "--dest-compress-format", "zstd",
                "docker-archive:" + Cli.image("busybox.tar"), "oci:" + layout + ":zstd").redirectErrorStream(true).start();
        String copied = new String(copy.getInputStream().readAllBytes());
        assertThat(copy.waitFor()).as(copied).isZero();

        Process p = jrun(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp.resolve("no-such-dir")), "load",
                layout.toString());
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(out).startsWith("Loaded image ");
    }

    /**
     * The CVE-2019-5736 class: a container's first process is a copy of the JVM until it execs, so its
     * /proc/PID/exe is the JVM's executable. As root, the launcher runs java from a sealed in-memory
     * copy: that link never names the host's java, and the copy cannot be written.
     */
    @Test
    void theRuntimesExecutable_isASealedCopy_notTheHostsJava() throws Exception {
        Cli.assumeRoot();
        Process p = jrun("run", Cli.image("busybox.tar").toString(), "sh", "-c",
                "echo ready; env | grep -c LD_LIBRARY_PATH; read line; true");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertThat(out.readLine()).isEqualTo("ready");
        assertThat(out.readLine()).as("the launcher's library path stays out of the container").isEqualTo("0");
        Path exe = Path.of("/proc/" + p.pid() + "/exe");
        try {
            assertThat(Files.readSymbolicLink(exe).toString()).isEqualTo("/memfd:java (deleted)");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                try (var channel = java.nio.channels.FileChannel.open(exe, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}));
                }
            }).isInstanceOf(java.io.IOException.class);
        } finally {
            p.getOutputStream().close();
            assertThat(p.waitFor()).isZero();
        }
    }
}
