package dev.jrun.runtime;

import dev.jrun.image.Image;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.launch.ProcMount;
import dev.jrun.launch.Stdio;
import dev.jrun.testing.Privileged;
import dev.jrun.testing.QemuUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** An engine on temporary roots that runs a command and captures what the container printed. */
final class TestEngine {
    /** What a finished container left: its exit code and its output. */
    record Result(int exitCode, String out, String err) {}

    final Path stateRoot;
    final Path dataRoot;
    final Jrun jrun;
    private final Path outputs;
    private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    TestEngine(Path tmp) throws IOException {
        this.stateRoot = Files.createDirectories(tmp.resolve("state"));
        this.dataRoot = Files.createDirectories(tmp.resolve("data"));
        this.outputs = Files.createDirectories(tmp.resolve("out"));
        this.jrun = new Jrun(new JrunSettings(stateRoot, dataRoot));
    }

    Image busybox() throws JrunException {
        return jrun.loadImage(Privileged.image("busybox.tar"));
    }

    /** Runs {@code sh -c script} in the busybox image. */
    Result sh(String script) throws Exception {
        return run(busybox(), b -> b.command(List.of("sh", "-c", script)));
    }

    Result run(Image image, UnaryOperator<ContainerSpec.Builder> spec) throws Exception {
        return run(image, spec, LaunchObserver.NONE);
    }

    Result run(Image image, UnaryOperator<ContainerSpec.Builder> spec, LaunchObserver observer) throws Exception {
        int n = runs.getAndIncrement(); // tests may run containers from several threads
        Path out = outputs.resolve(n + ".out");
        Path err = outputs.resolve(n + ".err");
        ContainerSpec built = spec.apply(spec(image).stdio(new Stdio(null, out, err))
                .procMount(ProcMount.fromSystemProperty())).build();
        int code = jrun.run(built, QemuUser.observer(observer)).shellCode();
        return new Result(code, Files.readString(out), Files.readString(err));
    }

    /** Creates the container of {@code spec}, held at the exec barrier until started. */
    Container create(ContainerSpec spec) throws JrunException {
        return jrun.create(spec, QemuUser.observer(LaunchObserver.NONE));
    }

    /** A spec of {@code image} with the default privileges, but no seccomp filter under qemu-user, which cannot install one. */
    static ContainerSpec.Builder spec(Image image) {
        return ContainerSpec.builder(image).privileges(QemuUser.privileges(ProcessPrivileges.DEFAULT));
    }

    /** Entries left under the state root and the data root's containers directory. */
    List<Path> leftovers() throws IOException {
        List<Path> left = new java.util.ArrayList<>();
        try (var s = Files.list(stateRoot)) {
            s.forEach(left::add);
        }
        Path containers = dataRoot.resolve("containers");
        if (Files.isDirectory(containers)) {
            try (var s = Files.list(containers)) {
                s.forEach(left::add);
            }
        }
        return left;
    }
}
