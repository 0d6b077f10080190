package dev.jrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code jrun} as a user does: a separate JVM (the container owns its stdout, which must not be
 * this test JVM's), with the state and data roots in a temporary directory.
 */
final class Cli {
    record Result(int exitCode, String out, String err) {
        /** Asserts that jrun exited 0, its stderr in the failure; returns this for more checks. */
        Result succeeded() {
            assertThat(exitCode).as("exit code of jrun, whose stderr said: %s", err).isZero();
            return this;
        }
    }

    final Path stateRoot;
    final Path dataRoot;
    /** Added to jrun's environment. */
    final java.util.Map<String, String> env = new java.util.HashMap<>();

    Cli(Path tmp) {
        this.stateRoot = tmp.resolve("state");
        this.dataRoot = tmp.resolve("data");
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void assumeRoot() {
        assumeTrue(isRoot(), "needs root: creates namespaces and mounts (runs in CI, which is root)");
    }

    static Path image(String name) {
        String dir = System.getProperty("jrun.test.images");
        assumeTrue(dir != null, "system property jrun.test.images is not set (run through Maven)");
        Path image = Path.of(dir, name);
        assumeTrue(Files.isRegularFile(image), "test image " + image + " is missing: build test-rootfs first");
        return image;
    }

    /** {@code jrun --root S --data-root D ARGS}, run to completion. */
    Result run(String... args) throws IOException, InterruptedException {
        Process p = start(List.of(), args);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    /** Starts jrun, with {@code prefix} before java (e.g. setpriv to drop root). */
    Process start(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.jrun.cli.Main");
        cmd.add("--root=" + stateRoot);
        cmd.add("--data-root=" + dataRoot);
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Whatever jrun left under its roots. */
    List<Path> leftovers() throws IOException {
        List<Path> left = new ArrayList<>();
        for (Path dir : List.of(stateRoot, dataRoot.resolve("containers"))) {
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    s.forEach(left::add);
                }
            }
        }
        return left;
    }
}
