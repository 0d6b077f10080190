package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrun load}, {@code images}, {@code rmi}, {@code prune}, and running a loaded image by name or id. Needs root. */
class ImageCliTest {
    private static final String NAME = "jrun-test/busybox:latest";

    @TempDir
    Path tmp;
    Cli cli;
    String busybox;

    @BeforeEach
    void setUp() {
        Cli.assumeRoot();
        cli = new Cli(tmp);
        busybox = Cli.image("busybox.tar").toString();
    }

    @Test
    void load_thenRunByNameAndByIdWithoutTheArchive() throws Exception {
        var load = cli.run("load", busybox);
        load.succeeded();
        assertThat(load.out()).startsWith("Loaded image " + NAME + " (");
        assertThat(load.err()).as("no progress bar when stderr is not a terminal").isEmpty();
        String shortId = load.out().substring(load.out().indexOf('(') + 1, load.out().indexOf(')'));

        assertThat(cli.run("run", NAME, "echo", "by name").out()).isEqualTo("by name\n");
        assertThat(cli.run("run", "jrun-test/busybox", "echo", "latest implied").out()).isEqualTo("latest implied\n");
        assertThat(cli.run("run", shortId, "echo", "by id").out()).isEqualTo("by id\n");
    }

    @Test
    void images_listsLoadedImagesAsTableAndJson() throws Exception {
        cli.run("load", busybox);

        var table = cli.run("images");
        assertThat(table.out().lines()).hasSize(2);
        assertThat(table.out().lines().skip(1).findFirst().orElseThrow()).startsWith(NAME).contains("2.1MB");
        assertThat(cli.run("images", "--format", "json").out()).contains("\"names\" : [ \"" + NAME + "\" ]");
    }

    @Test
    void secondRun_unpacksNothing() throws Exception {
        cli.run("run", busybox, "true");
        Path layers = tmp.resolve("data/layers/sha256");
        long before = Files.getLastModifiedTime(layers).toMillis();

        cli.run("run", busybox, "true").succeeded();

        try (var stored = Files.list(layers)) {
            assertThat(stored).hasSize(1);
        }
        assertThat(Files.getLastModifiedTime(layers).toMillis()).isEqualTo(before);
    }

    @Test
    void rmiThenPrune_freesTheLayers() throws Exception {
        cli.run("load", busybox);
        assertThat(cli.run("prune").out()).endsWith("Deleted 0 containers, 0 layers\n");

        cli.run("rmi", NAME).succeeded();
        assertThat(cli.run("prune").out()).endsWith("Deleted 0 containers, 1 layer\n");

        var gone = cli.run("run", NAME, "true");
        assertThat(gone.exitCode()).isEqualTo(125);
        assertThat(gone.err()).isEqualTo("jrun: image " + NAME
                + ": no such file, and no loaded image of that name or id (see jrun images)\n");
        assertThat(cli.run("rmi", NAME).err()).isEqualTo("jrun: image " + NAME + ": no such image (see jrun images)\n");
    }

    @Test
    void tagThatTheArchiveLacks_isOneLineListingWhatItHas() throws Exception {
        var r = cli.run("run", busybox + ":nope", "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).startsWith("jrun: image " + busybox + ": ").contains("nope").contains(NAME)
                .doesNotContain("\n\n").endsWith("\n");
        assertThat(r.err().lines()).hasSize(1);
    }
}
