package dev.jrun.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Remembers whether the stream below ran out, which tells a truncated layer from a corrupt one. */
final class EndAwareInputStream extends FilterInputStream {

    private boolean ended;

    EndAwareInputStream(InputStream in) {
        super(in);
    }

    boolean ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        return track(super.read());
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        return track(in.read(buffer, off, len));
    }

    private int track(int result) {
        ended |= result == -1;
        return result;
    }
}
