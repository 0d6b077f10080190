package dev.jrun.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** {@code length} bytes at {@code offset} in {@code file}: the data of a tar entry, or a whole blob file. */
record FileRange(Path file, long offset, long length) {

    InputStream open() throws IOException {
        return new RangeInputStream(file, offset, length);
    }

    /** These bytes as a layer of an image. */
    Layer layer(String name, Digest blobDigest, Digest diffId) {
        return new Layer(name, file, offset, length, blobDigest, diffId);
    }
}
