package dev.jrun.cli;

import dev.jrun.image.Image;
import dev.jrun.image.Platform;
import dev.jrun.layer.UnpackListener;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.PreparedSpawn;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SpawnRequest.FileAction;
import dev.jrun.linux.SyscallException;
import dev.jrun.rootfs.HostTrees;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerSpec;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import dev.jrun.runtime.JrunSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jrun __train [IMAGE]}: the training run behind the launcher's class-data archive (AppCDS on
 * JDK 17-24, the AOT cache on JDK 25+). It walks the classes of {@code jrun run}'s hot path through the
 * engine's own code - picocli parsing, image reading, and (as root) loading it into a layer store,
 * finding it there by name and {@code Jrun.create} of a container
 * that is never started, on temporary roots - plus the syscall bindings and a posix_spawn request built
 * but never run. So an archive is made on first use without running anybody's container twice
 * (startup.md). Prints nothing; exits 0. Without IMAGE it uses this checkout's test busybox image.
 */
@Command(name = "__train", hidden = true)
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE",
            description = "Image archive to load and unpack (default: the test busybox image of this checkout).")
    Path image;

    @Override
    public Integer call() throws Exception {
        parseLikeRun();
        Path archive = image != null ? image : defaultImage();
        Path tmp = Files.createTempDirectory("jrun-train-");
        try {
            Jrun jrun = new Jrun(new JrunSettings(tmp.resolve("state"), tmp.resolve("data")));
            if (Files.exists(archive)) {
                Image image = jrun.findImage(archive.toString(), null, Platform.host());
                try {
                    jrun.load(image, UnpackListener.NONE);
                    image = jrun.findImage(image.name(), null, Platform.host()); // as `run NAME` finds it
                } catch (JrunException notRoot) {
                    // as a user, load stops at its root check
                }
                createWithoutStarting(jrun, image);
            }
        } finally {
            HostTrees.delete(tmp);
        }
        prepareSpawn(new LinuxSyscalls());
        return 0;
    }

    /** picocli's model of every command, a run command line, and its execute path (via --version). */
    private static void parseLikeRun() {
        Subcommands.commandLine(new JrunCommand(), "run").setStopAtPositional(true)
                .parseArgs("run", "--explain", "-e", "A=1", "x.tar", "true");
        Subcommands.commandLine(new JrunCommand(), "--version").setOut(new PrintWriter(Writer.nullWriter()))
                .execute("--version");
    }

    /** Directories, state, unpacking, mount points, command lookup, explain output, then removal. */
    private static void createWithoutStarting(Jrun jrun, Image image) {
        ContainerSpec spec = ContainerSpec.builder(image).command(List.of("true")).env("TRAINING=1").build();
        ExplainPrinter quiet = new ExplainPrinter(new PrintStream(OutputStream.nullOutputStream()));
        try (Container unused = jrun.create(spec, quiet)) {
            unused.id();
        } catch (JrunException notRoot) {
            // as a user, create stops at its root check: the archive then holds less, and that is all
        }
    }

    /** Builds a posix_spawn request in native memory as the launch does, and frees it unspawned. */
    private static void prepareSpawn(LinuxSyscalls sys) throws SyscallException {
        SpawnRequest request = new SpawnRequest("/bin/true", List.of("true"), List.of("PATH=/bin"),
                List.of(new FileAction.Open(3, "/dev/null", OpenFlags.O_RDONLY, 0), new FileAction.Dup2(3, 3),
                        new FileAction.Chdir("/"), new FileAction.CloseFrom(3)),
                SpawnRequest.POSIX_SPAWN_SETSIGDEF | SpawnRequest.POSIX_SPAWN_SETSIGMASK
                        | SpawnRequest.POSIX_SPAWN_SETSID);
        try (PreparedSpawn prepared = sys.prepareSpawn(request)) {
            prepared.request();
        }
    }

    /** {@code <repo>/test-rootfs/target/images/busybox.tar}, the jar being {@code <repo>/cli/target/jrun.jar}. */
    private static Path defaultImage() throws java.net.URISyntaxException {
        Path jar = Path.of(TrainCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.toAbsolutePath().getParent().getParent().getParent()
                .resolve("test-rootfs/target/images/busybox.tar");
    }
}
