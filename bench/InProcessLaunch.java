import dev.jrun.image.Image;
import dev.jrun.launch.LaunchObserver;
import dev.jrun.launch.Stdio;
import dev.jrun.runtime.ContainerSpec;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How long one container takes when a Java program embeds jrun (no JVM start per container): create
 * (fresh rootfs unpacked from the image), start, wait for `true`, remove. Run by in-process-launch.sh.
 * Arguments: IMAGE DATA_ROOT [RUNS].
 */
public final class InProcessLaunch {
    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        Path root = Files.createDirectories(Path.of(args[1]));
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Jrun jrun = new Jrun(new JrunSettings(root.resolve("state"), root.resolve("data")));
        Image loaded = jrun.loadImage(image);
        ContainerSpec spec = ContainerSpec.builder(loaded).command(List.of("true"))
                .stdio(new Stdio(Path.of("/dev/null"), Path.of("/dev/null"), null)).build();
        for (int i = 0; i < 20; i++) {
            jrun.run(spec, LaunchObserver.NONE); // warm-up: class loading and JIT
        }
        long[] micros = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            int code = jrun.run(spec, LaunchObserver.NONE).shellCode();
            micros[i] = (System.nanoTime() - start) / 1000;
            if (code != 0) {
                throw new IllegalStateException("run " + i + " exited " + code);
            }
        }
        Arrays.sort(micros);
        System.out.printf("in-process run of `true` (%d runs, data root %s): median %.1f ms, p90 %.1f ms, "
                + "p99 %.1f ms, min %.1f ms%n", runs, root, micros[runs / 2] / 1000.0,
                micros[runs * 9 / 10] / 1000.0, micros[runs * 99 / 100] / 1000.0, micros[0] / 1000.0);
    }
}
