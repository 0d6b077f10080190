package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCI commands through the real CLI: errors as containerd's shim reads them, and what runc's flags do. */
class OciCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void anError_isOneLineOnStderr_andAJsonLineInTheLog() throws Exception {
        Cli cli = new Cli(tmp);
        Path log = tmp.resolve("log.json");
        Cli.Result r = cli.run("--log", log.toString(), "--log-format", "json", "state", "nope");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("jrun: container nope does not exist\n");
        var line = JSON.readTree(Files.readString(log));
        assertThat(line.get("level").asText()).isEqualTo("error");
        assertThat(line.get("msg").asText()).isEqualTo("container nope does not exist");
        assertThat(line.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void deleteForce_ofAMissingId_succeeds_asRunc() throws Exception {
        Cli cli = new Cli(tmp);
        cli.run("delete", "--force", "nope").succeeded();
        assertThat(cli.run("delete", "nope").err()).isEqualTo("jrun: container nope does not exist\n");
    }

    @Test
    void features_printsTheSpecRangeAndNamespaces() throws Exception {
        var features = JSON.readTree(new Cli(tmp).run("features").out());
        assertThat(features.get("ociVersionMax").asText()).isEqualTo("1.2.0");
        assertThat(features.get("linux").get("namespaces").toString()).contains("pid").doesNotContain("user");
    }

    @Test
    void preserveFds_passesTheCallersDescriptorsOn_andCreateStartRunAcrossProcesses() throws Exception {
        Cli.assumeRoot();
        Cli cli = new Cli(tmp);
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        String image = Cli.image("busybox.tar").toString();
        assertThat(new ProcessBuilder("sh", "-c", "mkdir rootfs && tar -xOf " + image + " $(tar -tf " + image
                + " | grep layer.tar) | tar -x -C rootfs").directory(bundle.toFile()).inheritIO().start().waitFor())
                .isZero();
        cli.run("spec", "-b", bundle.toString()).succeeded();
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(bundle.resolve("config.json")
                .toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("process")).put("terminal", false)
                .set("args", JSON.valueToTree(List.of("sh", "-c", "echo through fd 3 >&3")));
        Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(config));
        Path fifo = tmp.resolve("fd3.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) { // neither open blocks
            // the caller's fd 3 is the FIFO: create hands it on, the container writes to it. Its stdio goes
            // to files: a pipe would stay open in the container until it ends
            Path err = tmp.resolve("create.err");
            Process create = cli.start(List.of("sh", "-c", "exec 3<>" + fifo + " >/dev/null 2>" + err
                    + " </dev/null; exec \"$@\"", "sh"), "create", "--bundle", bundle.toString(), "--preserve-fds",
                    "1", "c1");
            assertThat(create.waitFor(Commands.scaled(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(create.exitValue()).as(() -> read(err)).isZero();
            assertThat(JSON.readTree(cli.run("state", "c1").out()).get("status").asText()).isEqualTo("created");
            cli.run("start", "c1").succeeded();
            assertThat(reader.readLine()).isEqualTo("through fd 3");
        } finally {
            Cli.Result deleted = cli.run("delete", "--force", "c1");
            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        }
        assertThat(cli.leftovers()).isEmpty();
    }
}
