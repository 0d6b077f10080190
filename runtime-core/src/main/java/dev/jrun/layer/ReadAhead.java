package dev.jrun.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a thread of its own, a few chunks ahead of the reader: decompressing and
 * hashing a layer then runs on one core while its files are written from the other, as
 * {@code tar -xzf} gets from running gzip as a separate process.
 */
final class ReadAhead extends InputStream {

    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS = 8;

    /** {@code length} bytes of {@code data}; length -1 marks the end, with {@code failure} if reading failed. */
    private record Chunk(byte[] data, int length, IOException failure) {
    }

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final Thread reader;
    private Chunk current;
    private int position;

    ReadAhead(InputStream source, String name) {
        for (int i = 0; i <= CHUNKS; i++) {
            empty.add(new byte[CHUNK]);
        }
        reader = new Thread(() -> fill(source), "jrun-read " + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void fill(InputStream source) {
        try {
            while (true) {
                byte[] buffer = empty.take();
                int n = source.readNBytes(buffer, 0, CHUNK);
                if (n == 0) {
                    full.put(new Chunk(buffer, -1, null));
                    return;
                }
                full.put(new Chunk(buffer, n, null));
            }
        } catch (IOException e) {
            full.offer(new Chunk(null, -1, e));
        } catch (InterruptedException e) {
            // closed by the reader: stop
        } catch (RuntimeException e) {
            full.offer(new Chunk(null, -1, new IOException(e)));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == null || position == current.length()) {
            if (current != null && current.length() >= 0) {
                empty.add(current.data());
            }
            current = next();
            position = 0;
        }
        if (current.length() < 0) {
            if (current.failure() != null) {
                throw current.failure();
            }
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        System.arraycopy(current.data(), position, buffer, offset, n);
        position += n;
        return n;
    }

    private Chunk next() throws IOException {
        if (current != null && current.length() < 0) {
            return current; // the end stays the end
        }
        try {
            return full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("reading a layer: interrupted");
        }
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
