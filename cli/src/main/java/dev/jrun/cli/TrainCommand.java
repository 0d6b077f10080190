package dev.jrun.cli;

import dev.jrun.container.ContainerDirs;
import dev.jrun.container.ContainerState;
import dev.jrun.container.ContainerStore;
import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.image.Images;
import dev.jrun.launch.CommandException;
import dev.jrun.launch.ExecutableLookup;
import dev.jrun.launch.LaunchEvent;
import dev.jrun.launch.Launcher;
import dev.jrun.launch.ProcMount;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.OpenFlags;
import dev.jrun.linux.PreparedSpawn;
import dev.jrun.linux.SpawnRequest;
import dev.jrun.linux.SpawnRequest.FileAction;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.rootfs.MountPoints;
import dev.jrun.runtime.ContainerSpec;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import dev.jrun.runtime.JrunSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jrun __train [IMAGE]}: the training run behind the launcher's class-data archive (AppCDS on
 * JDK 17-24, the AOT cache on JDK 25+). It walks the classes of {@code jrun run}'s hot path - picocli
 * parsing, image loading, the container's directories and state file, unpacking, the container spec,
 * the launcher, the syscall bindings and a posix_spawn request (prepared, never run), the explain
 * output - without creating a container and without root, all in a temp dir, so an archive can be made
 * on first use without running anybody's container twice (startup.md). Prints nothing; exits 0.
 * Without IMAGE it uses this checkout's test busybox image, and skips the image steps if there is none.
 */
@Command(name = "__train", hidden = true)
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE",
            description = "Image archive to load and unpack (default: the test busybox image of this checkout).")
    Path image;

    @Override
    public Integer call() throws Exception {
        parseLikeRun();
        LinuxSyscalls sys = new LinuxSyscalls();
        Path archive = image != null ? image : defaultImage();
        if (image != null || Files.exists(archive)) {
            Image loaded = new Jrun(JrunSettings.defaults()).loadImage(archive);
            ContainerSpec spec = ContainerSpec.builder(loaded).command(List.of("true")).env("TRAINING=1")
                    .procMount(ProcMount.fromSystemProperty()).build();
            createAndUnpack(sys, spec);
        }
        new Launcher();
        touchSyscalls(sys);
        explain();
        return 0;
    }

    /** picocli's model of every command, a run command line, and its execute path (via --version). */
    private static void parseLikeRun() {
        new CommandLine(new JrunCommand()).setStopAtPositional(true)
                .parseArgs("run", "--explain", "-e", "A=1", "x.tar", "true");
        new CommandLine(new JrunCommand()).setOut(new PrintWriter(Writer.nullWriter())).execute("--version");
    }

    /**
     * What {@code Jrun.create} does before the launch threads start - directories, lock, state file,
     * unpacking, mount points, command lookup - then the removal after the run; all in a temp dir.
     */
    private static void createAndUnpack(Syscalls sys, ContainerSpec spec)
            throws IOException, ImageException, JrunException, SyscallException {
        Path tmp = Files.createTempDirectory("jrun-train-");
        try {
            ContainerStore store = new ContainerStore(tmp.resolve("state"), tmp.resolve("data"), sys);
            String id = ContainerStore.newId();
            ContainerDirs dirs = store.create(id.substring(0, 12));
            try {
                ContainerState state = new ContainerState(id, id.substring(0, 12), "creating", 0, 0, false, -1);
                dirs.writeState(state);
                Images.unpack(spec.image(), dirs.rootfs());
                MountPoints.prepare(dirs.rootfs(), "/");
                String exe = ExecutableLookup.find(dirs.rootfs(), "true",
                        ExecutableLookup.pathOf(spec.image().config().env()));
                dirs.writeState(state.withPid(1, 1).withStatus("running").stopped(0));
                prepareSpawn(sys, exe);
            } finally {
                store.remove(dirs);
            }
        } catch (CommandException e) {
            throw new JrunException(e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Builds a posix_spawn request in native memory like the launch does, and frees it unspawned. */
    private static void prepareSpawn(Syscalls sys, String exe) throws SyscallException {
        SpawnRequest request = new SpawnRequest(exe, List.of("true"), List.of("PATH=/bin"),
                List.of(new FileAction.Open(3, "/dev/null", OpenFlags.O_RDONLY, 0), new FileAction.Dup2(3, 3),
                        new FileAction.Chdir("/"), new FileAction.CloseFrom(3)),
                SpawnRequest.POSIX_SPAWN_SETSIGDEF | SpawnRequest.POSIX_SPAWN_SETSIGMASK
                        | SpawnRequest.POSIX_SPAWN_SETSID);
        try (PreparedSpawn prepared = sys.prepareSpawn(request)) {
            prepared.request();
        }
    }

    private static void touchSyscalls(Syscalls sys) throws SyscallException {
        sys.geteuid();
        sys.gettid();
        sys.close(sys.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0));
        try {
            sys.close(-1);
        } catch (SyscallException expected) {
            expected.getMessage(); // the error path: errno text and the call rendered
        }
    }

    private static void explain() {
        ExplainPrinter printer = new ExplainPrinter(new PrintStream(OutputStream.nullOutputStream()));
        for (LaunchEvent.Kind kind : LaunchEvent.Kind.values()) {
            printer.onEvent(new LaunchEvent(kind, "train", "text"));
        }
    }

    /** {@code <repo>/test-rootfs/target/images/busybox.tar}, the jar being {@code <repo>/cli/target/jrun.jar}. */
    private static Path defaultImage() throws URISyntaxException {
        Path jar = Path.of(TrainCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path repo = jar.toAbsolutePath().getParent().getParent().getParent();
        return repo.resolve("test-rootfs/target/images/busybox.tar");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
