package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrun spec}: a bundle's starting config.json, and never over one that exists. */
class SpecCliTest {
    @TempDir
    Path tmp;

    @Test
    void spec_writesConfigJsonOnce() throws Exception {
        Cli cli = new Cli(tmp);
        Cli.Result first = cli.run("spec", "--bundle", tmp.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(Files.readString(tmp.resolve("config.json"))).contains("\"args\": [\n\t\t\t\"sh\"\n\t\t]");

        Cli.Result again = cli.run("spec", "-b", tmp.toString());
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.err()).isEqualTo("jrun: " + tmp.resolve("config.json")
                + " exists: remove it first (jrun spec never overwrites)\n");
    }
}
