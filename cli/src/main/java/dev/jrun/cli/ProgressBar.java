package dev.jrun.cli;

import dev.jrun.image.Layer;
import dev.jrun.layer.UnpackListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stderr line that shows how unpacking goes, all layers together: bytes read of the total and
 * the rate. Only when stderr is a terminal; in a log or a pipe it would be noise.
 */
final class ProgressBar implements UnpackListener {
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintStream out;
    private final Map<Layer, long[]> layers = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();

    private ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A progress bar on stderr if it is a terminal, else nothing. */
    static UnpackListener forStderr() {
        return stderrIsTerminal() ? new ProgressBar(System.err) : UnpackListener.NONE;
    }

    @Override
    public void started(Layer layer, long total) {
        layers.put(layer, new long[] {0, total});
        draw();
    }

    @Override
    public void progress(Layer layer, long done) {
        layers.get(layer)[0] = done;
        draw();
    }

    @Override
    public void finished(Layer layer) {
        long[] state = layers.get(layer);
        state[0] = state[1];
        draw();
        if (layers.values().stream().allMatch(s -> s[0] >= s[1])) {
            synchronized (this) {
                out.print("\r\033[K");
                out.flush();
            }
        }
    }

    private synchronized void draw() {
        long done = layers.values().stream().mapToLong(s -> s[0]).sum();
        long total = layers.values().stream().mapToLong(s -> s[1]).sum();
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        out.printf("\r\033[Kunpacking %d layer%s: %.1f of %.1f MiB, %.1f MiB/s", layers.size(),
                layers.size() == 1 ? "" : "s", done / MIB, total / MIB, done / MIB / seconds);
        out.flush();
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
