package dev.jrun.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream a few chunks ahead of its reader, in two stages on threads of their own: one reads
 * (a layer: reads the blob, hashes it and decompresses it), the next hashes what was read (the
 * layer's diff_id) and hands it on. Writing a layer's files then runs beside both, as
 * {@code tar -xzf} gets from running gzip as a separate process; with both hashes on one thread,
 * that thread was slower than the one writing the files.
 */
final class ReadAhead extends InputStream {

    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS = 8;

    /** {@code length} bytes of {@code data}; length -1 marks the end, with {@code failure} if reading failed. */
    private record Chunk(byte[] data, int length, IOException failure) {
        boolean end() {
            return length < 0;
        }
    }

    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(CHUNKS + 1);
    /** Read, not yet hashed. */
    private final BlockingQueue<Chunk> read = new ArrayBlockingQueue<>(CHUNKS + 1);
    /** Hashed, for this stream's reader. */
    private final BlockingQueue<Chunk> hashed = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final MessageDigest digest;
    private final Thread reader;
    private final Thread hasher;
    /** Bytes hashed; read by this stream's reader only after the end, which the queue hands over. */
    private long count;
    private Chunk current;
    private int position;

    /** Reads {@code source} ahead, feeding every byte to {@code digest} before this stream returns it. */
    ReadAhead(InputStream source, String name, MessageDigest digest) {
        this.digest = digest;
        for (int i = 0; i <= CHUNKS; i++) {
            empty.add(new byte[CHUNK]);
        }
        reader = daemon(() -> fill(source), "jrun-read " + name);
        hasher = daemon(this::hash, "jrun-hash " + name);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The digest of everything read, once this stream has returned its end. */
    MessageDigest digest() {
        return digest;
    }

    /** How many bytes the source gave, once this stream has returned its end. */
    long count() {
        return count;
    }

    private void fill(InputStream source) {
        try {
            while (true) {
                byte[] buffer = empty.take();
                int n = source.readNBytes(buffer, 0, CHUNK);
                read.put(new Chunk(buffer, n == 0 ? -1 : n, null));
                if (n == 0) {
                    return;
                }
            }
        } catch (IOException e) {
            read.offer(new Chunk(null, -1, e));
        } catch (InterruptedException e) {
            // closed by the reader: stop
        } catch (RuntimeException e) {
            read.offer(new Chunk(null, -1, new IOException(e)));
        }
    }

    private void hash() {
        try {
            Chunk chunk;
            do {
                chunk = read.take();
                if (!chunk.end()) {
                    digest.update(chunk.data(), 0, chunk.length());
                    count += chunk.length();
                }
                hashed.put(chunk);
            } while (!chunk.end());
        } catch (InterruptedException e) {
            // closed by the reader: stop
        } catch (RuntimeException e) {
            hashed.offer(new Chunk(null, -1, new IOException("hashing: " + e.getMessage(), e)));
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
            if (current != null && !current.end()) {
                empty.add(current.data());
            }
            current = next();
            position = 0;
        }
        if (current.end()) {
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
        if (current != null && current.end()) {
            return current; // the end stays the end
        }
        try {
            return hashed.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("reading a layer: interrupted");
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        hasher.interrupt();
    }
}
