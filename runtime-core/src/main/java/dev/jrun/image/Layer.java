package dev.jrun.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * One layer of an image: a tar, plain, gzip- or zstd-compressed, stored as {@code length} bytes at
 * {@code offset} in {@code file} (an entry of the image archive, or a whole blob file).
 *
 * @param name what messages call the layer, e.g. {@code abc123/layer.tar}
 * @param blobDigest the digest of the stored (maybe compressed) bytes, from the manifest's descriptor;
 *                   null where the format records none (docker save's {@code layer.tar})
 * @param diffId the digest of the uncompressed tar, from the config's {@code rootfs.diff_ids}; null
 *               for a plain rootfs tar, which has no config
 */
public record Layer(String name, Path file, long offset, long length, Digest blobDigest, Digest diffId) {

    private static final int BUFFER = 64 * 1024;
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    public Layer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("layer " + name + ": negative offset or length");
        }
    }

    /** The uncompressed tar stream; compression is told by the first bytes, not by any name. */
    public InputStream open() throws IOException {
        BufferedInputStream raw = new BufferedInputStream(new RangeInputStream(file, offset, length), BUFFER);
        try {
            raw.mark(ZSTD_MAGIC.length);
            byte[] head = raw.readNBytes(ZSTD_MAGIC.length);
            raw.reset();
            if (startsWith(head, GZIP_MAGIC)) {
                return new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
            }
            if (startsWith(head, ZSTD_MAGIC)) {
                throw new IOException("zstd-compressed layers are not supported");
            }
            return raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
