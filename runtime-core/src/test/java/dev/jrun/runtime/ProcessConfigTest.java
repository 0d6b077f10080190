package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jrun.image.Image;
import dev.jrun.testing.Privileged;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image config's Env, WorkingDir, Entrypoint and Cmd, as the process sees them. */
class ProcessConfigTest extends PrivilegedContainerTest {
    @Test
    void env_comesFromTheImageWithDefaultsAndOverrides() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.env("EXTRA=1").env("JRUN_TEST_IMAGE=overridden")
                .command(List.of("env")));
        assertThat(r.out().split("\n")).contains("EXTRA=1", "JRUN_TEST_IMAGE=overridden", "HOME=/root",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").anyMatch(l -> l.startsWith("HOSTNAME="));
    }

    @Test
    void workdir_isTheImagesAndIsCreatedWhenMissing() throws Exception {
        assertThat(engine.sh("pwd").out()).isEqualTo("/work\n");
    }

    @Test
    void workdirOverride_isCreatedToo() throws Exception {
        var r = engine.run(engine.busybox(), b -> b.workdir("/a/b").command(List.of("pwd")));
        assertThat(r.out()).isEqualTo("/a/b\n");
    }

    @Test
    void entrypointAndCmd_fromTheImage() throws Exception {
        Image image = engine.jrun.loadImage(Privileged.image("busybox-entrypoint.tar"));
        assertThat(engine.run(image, b -> b).out()).isEqualTo("entry: default-arg\n");
    }

    @Test
    void runArguments_replaceCmdButKeepEntrypoint() throws Exception {
        Image image = engine.jrun.loadImage(Privileged.image("busybox-entrypoint.tar"));
        assertThat(engine.run(image, b -> b.command(List.of("a", "b"))).out()).isEqualTo("entry: a b\n");
    }

    @Test
    void entrypointOverride_dropsTheImagesCmd() throws Exception {
        Image image = engine.jrun.loadImage(Privileged.image("busybox-entrypoint.tar"));
        assertThat(engine.run(image, b -> b.entrypoint(List.of("/bin/echo"))).out()).isEqualTo("\n");
        assertThat(engine.run(image, b -> b.entrypoint(List.of("echo")).command(List.of("x"))).out())
                .isEqualTo("x\n");
    }

    @Test
    void imageWithItsOwnPath_findsCommandsThere() throws Exception {
        Image image = engine.jrun.loadImage(Privileged.image("busybox-entrypoint.tar"));
        var r = engine.run(image, b -> b.entrypoint(List.of("sh")).command(List.of("-c", "echo $PATH; cat /etc/motd")));
        assertThat(r.out()).startsWith("/bin:/usr/bin\n");
    }
}
