package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --version and --help, which need neither root nor an image. */
class UsageCliTest {
    @TempDir
    Path tmp;

    @Test
    void version_namesJrunAndTheRuntimeSpec() throws Exception {
        var r = new Cli(tmp).run("--version");
        r.succeeded();
        assertThat(r.out()).matches("jrun \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nOCI runtime-spec 1\\.2\\.0\n");
    }

    @Test
    void help_listsRunAndTheExitCodes() throws Exception {
        var r = new Cli(tmp).run("--help");
        r.succeeded();
        assertThat(r.out()).contains("run", "rm", "125", "126", "127", "128+N");
        var run = new Cli(tmp).run("run", "--help");
        assertThat(run.out()).contains("--explain", "--entrypoint", "--env-file", "--keep", "IMAGE", "CMD");
    }
}
