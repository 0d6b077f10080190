package dev.jrun.runtime;

import dev.jrun.launch.FreshThread;
import dev.jrun.oci.DefaultSpec;
import dev.jrun.oci.OciSpec;
import dev.jrun.oci.OciSpecException;
import java.nio.file.Path;

/**
 * {@code jrun run}'s config.json, written on a thread of its own while the container is made from
 * the same {@link OciSpec} in memory. The file is for later readers (exec, inspect, ps, the monitor),
 * and serialising it is about 20 ms of cold Jackson that the launch need not wait for; it is
 * complete before anyone is told the container exists.
 */
final class BundleWrite {
    private final Thread writer;
    private volatile OciSpecException failure;

    private BundleWrite(OciSpec config, Path bundle) {
        writer = new Thread(() -> {
            try {
                DefaultSpec.write(config, bundle);
            } catch (OciSpecException e) {
                failure = e;
            }
        }, "jrun-write-bundle");
        writer.setDaemon(true);
    }

    /** Starts writing {@code bundle/config.json}. */
    static BundleWrite start(OciSpec config, Path bundle) {
        BundleWrite write = new BundleWrite(config, bundle);
        write.writer.start();
        return write;
    }

    /** Waits for the write: its failure, or null. Never throws, so a caller can always wait before it cleans up. */
    OciSpecException join() {
        FreshThread.joinUninterruptibly(writer);
        return failure;
    }
}
