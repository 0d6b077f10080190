package dev.jrun.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jrun.image.Image;
import dev.jrun.image.ImageConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker's rules for argv, env and working directory, without root. */
class ProcessPlanTest {
    private static Image image(List<String> entrypoint, List<String> cmd, List<String> env, String workdir) {
        return new Image(Path.of("x.tar"), "x:latest", null, new ImageConfig(env, entrypoint, cmd, workdir, "", Map.of()),
                List.of(), null);
    }

    private static ProcessPlan plan(Image image, java.util.function.UnaryOperator<ContainerSpec.Builder> spec)
            throws JrunException {
        return ProcessPlan.of(spec.apply(ContainerSpec.builder(image)).build(), "host1");
    }

    @Test
    void argv_isEntrypointPlusCmd_andRunArgumentsReplaceCmd() throws Exception {
        Image img = image(List.of("/e", "-x"), List.of("c1"), List.of(), "");
        assertThat(plan(img, b -> b).argv()).containsExactly("/e", "-x", "c1");
        assertThat(plan(img, b -> b.command(List.of("a"))).argv()).containsExactly("/e", "-x", "a");
    }

    @Test
    void entrypointOverride_dropsTheImagesCmd() throws Exception {
        Image img = image(List.of("/e"), List.of("c1"), List.of(), "");
        assertThat(plan(img, b -> b.entrypoint(List.of("/o"))).argv()).containsExactly("/o");
        assertThat(plan(img, b -> b.entrypoint(List.of("/o")).command(List.of("a"))).argv())
                .containsExactly("/o", "a");
    }

    @Test
    void noCommandAnywhere_isAnError() {
        Image img = image(List.of(), List.of(), List.of(), "");
        assertThatThrownBy(() -> plan(img, b -> b))
                .hasMessage("no command: image x:latest has no Entrypoint or Cmd, and none was given");
    }

    @Test
    void env_defaultsPathHostnameHome_imageThenOverridesWin() throws Exception {
        Image img = image(List.of(), List.of("sh"), List.of("PATH=/bin", "A=1", "HOME=/home/x"), "");
        assertThat(plan(img, b -> b.env("A=2").env("B=3")).env())
                .containsExactly("PATH=/bin", "HOSTNAME=host1", "A=2", "HOME=/home/x", "B=3");
        Image bare = image(List.of(), List.of("sh"), List.of(), "");
        assertThat(plan(bare, b -> b).withHome("/root").env()).as("HOME: the user's, from the image's /etc/passwd")
                .containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=host1",
                        "HOME=/root");
        assertThat(plan(img, b -> b).withHome("/root").env()).as("the image's HOME stays").contains("HOME=/home/x")
                .doesNotContain("HOME=/root");
    }

    @Test
    void workdir_overrideThenImageThenRoot() throws Exception {
        assertThat(plan(image(List.of(), List.of("sh"), List.of(), "/w"), b -> b).workdir()).isEqualTo("/w");
        assertThat(plan(image(List.of(), List.of("sh"), List.of(), "/w"), b -> b.workdir("/o")).workdir())
                .isEqualTo("/o");
        assertThat(plan(image(List.of(), List.of("sh"), List.of(), ""), b -> b).workdir()).isEqualTo("/");
    }

    @Test
    void spec_refusesRelativeWorkdirBadEnvAndKeepWithoutName() {
        Image img = image(List.of(), List.of("sh"), List.of(), "");
        assertThatThrownBy(() -> ContainerSpec.builder(img).workdir("rel").build())
                .hasMessage("working directory must be absolute: rel");
        assertThatThrownBy(() -> ContainerSpec.builder(img).env("=x").build())
                .hasMessage("environment entry must be KEY=VALUE: =x");
        assertThatThrownBy(() -> ContainerSpec.builder(img).keep(true).build())
                .hasMessage("--keep needs --name: a kept container must be found again");
    }
}
