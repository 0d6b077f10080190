import dev.jrun.layer.UnpackListener;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunSettings;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * `jrun load` as a Java program that embeds jrun pays it: no JVM start, code already compiled. Each
 * load goes into a new, empty data root, after the same untimed preparation hyperfine gives the CLI
 * entries in unpack-vs-tar.sh (sync, drop the last run's page cache). Run by unpack-vs-tar.sh.
 * Arguments: IMAGE BASE_DIR WARMUP RUNS PREPARE LABEL, where PREPARE is a bash command that points
 * BASE_DIR/cur at a new empty directory, and LABEL names the image in the one line printed: mean ± sd,
 * median, min and max in ms, as unpack-vs-tar.sh's table.
 */
public final class InProcessLoad {
    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        Path cur = Path.of(args[1], "cur");
        int warmup = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        String prepare = args[4];
        double[] millis = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            Process prep = new ProcessBuilder("bash", "-c", prepare).inheritIO().start();
            if (prep.waitFor() != 0) {
                throw new IllegalStateException("the preparation failed: " + prepare);
            }
            Path root = cur.toRealPath(); // a new directory each run, as for the CLI entries
            long start = System.nanoTime();
            Jrun jrun = new Jrun(new JrunSettings(root.resolve("state"), root.resolve("data")));
            jrun.load(jrun.loadImage(image), UnpackListener.NONE);
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        double mean = Arrays.stream(millis).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(millis).map(m -> (m - mean) * (m - mean)).sum() / Math.max(1, runs - 1));
        System.out.printf("%-26s %9.1f ± %6.1f %8.1f %8.1f %8.1f%n", "jrun API load " + args[5], mean, sd,
                median(millis), millis[0], millis[runs - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
