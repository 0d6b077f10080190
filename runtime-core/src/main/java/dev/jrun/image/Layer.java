package dev.jrun.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One layer of an image: a tar, plain, gzip- or zstd-compressed, stored as {@code length} bytes at
 * {@code offset} in {@code file} (an entry of the image archive, or a whole blob file).
 *
 * @param name what messages call the layer, e.g. {@code abc123/layer.tar}
 * @param file where its bytes are; null for a layer of an image loaded from the layer store
 * @param blobDigest the digest of the stored (maybe compressed) bytes, from the manifest's descriptor;
 *                   null where the format records none (docker save's {@code layer.tar})
 * @param diffId the digest of the uncompressed tar, from the config's {@code rootfs.diff_ids}; null
 *               for a plain rootfs tar, which has no config
 */
public record Layer(String name, Path file, long offset, long length, Digest blobDigest, Digest diffId) {

    private static final int BUFFER = 64 * 1024;

    public Layer {
        Objects.requireNonNull(name, "name");
        if (file == null && diffId == null) {
            throw new IllegalArgumentException("layer " + name + ": needs a file or, if it is stored, a diff_id");
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("layer " + name + ": negative offset or length");
        }
    }

    /** The stored bytes, maybe compressed; {@code dev.jrun.layer} decompresses and verifies them. */
    public InputStream openRaw() throws IOException {
        if (file == null) {
            throw new IOException("it is no longer in the layer store (pruned?) and its image is loaded from there:"
                    + " load the image archive again");
        }
        return new BufferedInputStream(new RangeInputStream(file, offset, length), BUFFER);
    }
}
