package dev.jrun.cli;

import dev.jrun.image.Layer;
import dev.jrun.layer.UnpackListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One stderr line that shows how unpacking goes: for each layer being unpacked, bytes read of its
 * total, and the rate of them all. Only when stderr is a terminal; in a log or a pipe it would be noise.
 */
final class ProgressBar implements UnpackListener {
    private static final double MIB = 1024.0 * 1024.0;

    /** One layer's progress: stored bytes read of its total, and whether it is done. */
    private static final class Progress {
        volatile long done;
        final long total;
        volatile boolean finished;

        Progress(long total) {
            this.total = total;
        }
    }

    private final PrintStream out;
    private final Map<Layer, Progress> layers = new ConcurrentHashMap<>();
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
        layers.put(layer, new Progress(total));
        draw();
    }

    @Override
    public void progress(Layer layer, long done) {
        layers.get(layer).done = done;
        draw();
    }

    @Override
    public void finished(Layer layer) {
        Progress p = layers.get(layer);
        p.done = p.total;
        p.finished = true;
        draw();
    }

    private synchronized void draw() {
        long done = layers.values().stream().mapToLong(p -> p.done).sum();
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        String active = layers.entrySet().stream().filter(e -> !e.getValue().finished)
                .map(e -> String.format("%s %.1f/%.1f MiB", shortName(e.getKey()), e.getValue().done / MIB,
                        e.getValue().total / MIB))
                .collect(Collectors.joining(", "));
        if (active.isEmpty()) {
            out.print("\r\033[K"); // all done: leave the terminal as it was
        } else {
            out.printf("\r\033[Kunpacking %s (%.1f MiB/s)", active, done / MIB / seconds);
        }
        out.flush();
    }

    /** The layer's diff_id or digest as docker shows ids, else its name in the archive. */
    private static String shortName(Layer layer) {
        return layer.diffId() != null ? layer.diffId().shortHex()
                : layer.blobDigest() != null ? layer.blobDigest().shortHex() : layer.name();
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
