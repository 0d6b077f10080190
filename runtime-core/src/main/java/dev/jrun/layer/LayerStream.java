package dev.jrun.layer;

import dev.jrun.image.Digest;
import dev.jrun.image.ImageException;
import dev.jrun.image.Layer;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * A layer's tar, decompressed as its first bytes say (gzip, zstd or none, whatever the media type
 * claims), hashed on the way: the stored bytes against the manifest's blob digest and size, the
 * tar against the config's diff_id. {@link #verify} tells whether both matched.
 */
final class LayerStream implements AutoCloseable {

    private static final int BUFFER = 128 * 1024;
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private final Layer layer;
    private final Hashing stored;
    private final InputStream decompressed;
    private final ReadAhead ahead;

    private LayerStream(Layer layer, LongConsumer progress) throws IOException {
        this.layer = layer;
        this.stored = new Hashing(layer.openRaw(), layer.blobDigest() == null ? null
                : layer.blobDigest().newHasher(), progress);
        BufferedInputStream head = new BufferedInputStream(stored, BUFFER);
        try {
            this.decompressed = decompress(head);
        } catch (IOException | RuntimeException e) {
            head.close();
            throw e;
        }
        this.ahead = new ReadAhead(decompressed, layer.name(), layer.diffId() == null ? Digest.hasher("sha256")
                : layer.diffId().newHasher());
    }

    /** Opens {@code layer}; {@code progress} hears how many stored bytes are read, every few MiB. */
    static LayerStream open(Layer layer, LongConsumer progress) throws ImageException {
        try {
            return new LayerStream(layer, progress);
        } catch (IOException e) {
            throw ImageException.layer(layer.name(), "cannot read", e);
        }
    }

    /** The uncompressed tar's size, once {@link #verify} has read it all. */
    long tarSize() {
        return ahead.count();
    }

    /** The uncompressed tar, read, decompressed and hashed ahead on threads of their own. */
    InputStream tar() {
        return ahead;
    }

    /**
     * Reads what the tar reader left (padding after the end-of-archive blocks), then checks the
     * stored size and both digests; returns the tar's digest, the layer's diff_id.
     */
    Digest verify() throws ImageException {
        try {
            ahead.transferTo(java.io.OutputStream.nullOutputStream()); // once at the end, both hashes are complete
        } catch (IOException e) {
            throw ImageException.layer(layer.name(), "cannot read", e);
        }
        if (layer.blobDigest() != null) {
            String actual = hex(stored.hasher);
            if (!actual.equals(layer.blobDigest().hex())) {
                throw ImageException.layer(layer.name(), "digest mismatch: the manifest says " + layer.blobDigest()
                        + ", the blob is " + layer.blobDigest().algorithm() + ":" + actual);
            }
        }
        String tarHex = hex(ahead.digest());
        if (layer.diffId() != null && !tarHex.equals(layer.diffId().hex())) {
            throw ImageException.layer(layer.name(), "digest mismatch: the config's diff_id is " + layer.diffId()
                    + ", the uncompressed layer is " + layer.diffId().algorithm() + ":" + tarHex);
        }
        return layer.diffId() != null ? layer.diffId() : new Digest("sha256", tarHex);
    }

    @Override
    public void close() throws IOException {
        ahead.close();
        decompressed.close();
    }

    private static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(ZSTD_MAGIC.length);
        byte[] head = in.readNBytes(ZSTD_MAGIC.length);
        in.reset();
        if (startsWith(head, GZIP_MAGIC)) {
            return new GZIPInputStream(in, BUFFER);
        }
        if (startsWith(head, ZSTD_MAGIC)) {
            try {
                return new ZstdCompressorInputStream(in);
            } catch (LinkageError e) {
                // zstd-jni copies its library to java.io.tmpdir and loads it from there: a noexec or
                // missing temp directory fails here (./jrun gives it the build's copy instead)
                throw new IOException("zstd layer: cannot load zstd-jni's native library (" + rootCause(e)
                        + "); the system property ZstdNativePath may name a copy of it", e);
            }
        }
        return in;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    private static String hex(MessageDigest hasher) {
        return java.util.HexFormat.of().formatHex(hasher.digest());
    }

    /** Feeds what passes through to a hasher (or none), counting it. */
    private static final class Hashing extends FilterInputStream {
        private static final long REPORT_EVERY = 4L << 20;
        private final MessageDigest hasher;
        private final LongConsumer progress;
        private long count;
        private long reported;

        Hashing(InputStream in, MessageDigest hasher, LongConsumer progress) {
            super(in);
            this.hasher = hasher;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                passed(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len);
            if (n > 0) {
                passed(buffer, off, n);
            }
            return n;
        }

        private void passed(byte[] buffer, int off, int n) {
            if (hasher != null) {
                hasher.update(buffer, off, n);
            }
            count += n;
            if (progress != null && count - reported >= REPORT_EVERY) {
                reported = count;
                progress.accept(count);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            // skipping would leave bytes out of the digest: read them instead
            return Math.max(0, read(new byte[(int) Math.min(n, BUFFER)], 0, (int) Math.min(n, BUFFER)));
        }
    }
}
