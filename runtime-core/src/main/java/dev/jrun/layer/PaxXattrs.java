package dev.jrun.layer;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Watches a tar stream as the tar reader reads it and keeps each entry's extended attributes as the
 * raw bytes the PAX header holds. Commons Compress decodes PAX values as UTF-8, which corrupts
 * binary ones such as {@code security.capability} (cap_setuid alone is byte 0x80); this reads the
 * same headers beside it, byte for byte. {@link #next} gives the entries' attributes in entry order.
 *
 * <p>It follows the tar structure itself: a 512-byte header, then the entry's data rounded up to
 * 512 bytes. PAX ({@code x}) headers' data is parsed; global ({@code g}), GNU long-name ({@code L},
 * {@code K}) and old GNU sparse extension blocks are passed over; every other header is an entry.
 */
final class PaxXattrs extends FilterInputStream {
    private static final int BLOCK = 512;
    private static final String SCHILY = "SCHILY.xattr.";
    private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

    private final Deque<Map<String, byte[]>> entries = new ArrayDeque<>();
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    /** Bytes of the current entry's data, padding included, still to pass. */
    private long dataLeft;
    /** The data of a PAX header being collected, or null. */
    private ByteArrayOutputStream pax;
    private long paxLeft;
    private Map<String, byte[]> pending = new LinkedHashMap<>();
    /** After an old GNU sparse header with extension blocks: its data, due once they are passed. */
    private long sparseData = -1;

    PaxXattrs(InputStream in) {
        super(in);
    }

    /** The extended attributes of the next entry the tar reader returns (empty if it has none). */
    Map<String, byte[]> next() {
        Map<String, byte[]> next = entries.poll();
        return next == null ? Map.of() : next;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            consume(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            consume(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // every byte must be seen, so skipping reads
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(read, 0);
    }

    private void consume(byte[] buffer, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (dataLeft > 0) {
                int n = (int) Math.min(dataLeft, end - at);
                if (pax != null && paxLeft > 0) {
                    int take = (int) Math.min(paxLeft, n);
                    pax.write(buffer, at, take);
                    paxLeft -= take;
                }
                dataLeft -= n;
                at += n;
                if (dataLeft == 0 && pax != null) {
                    parsePax(pax.toByteArray());
                    pax = null;
                }
            } else {
                int n = Math.min(BLOCK - headerFill, end - at);
                System.arraycopy(buffer, at, header, headerFill, n);
                headerFill += n;
                at += n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    header();
                }
            }
        }
    }

    private void header() {
        if (sparseData >= 0) {
            if (header[504] == 0) { // the last extension block: the data follows
                dataLeft = sparseData;
                sparseData = -1;
            }
            return;
        }
        if (isZeros()) {
            return; // end-of-archive blocks
        }
        char type = (char) header[156];
        long size;
        try {
            size = TarUtils.parseOctalOrBinary(header, 124, 12);
        } catch (IllegalArgumentException e) {
            return; // the tar reader reports the corrupt header itself
        }
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        switch (type) {
            case 'x' -> {
                pax = new ByteArrayOutputStream();
                paxLeft = size;
                dataLeft = padded;
            }
            case 'g', 'L', 'K' -> dataLeft = padded;
            default -> {
                entries.add(pending);
                pending = new LinkedHashMap<>();
                if (type == 'S' && header[482] != 0) {
                    sparseData = padded;
                } else {
                    dataLeft = padded;
                }
            }
        }
    }

    private boolean isZeros() {
        for (byte b : header) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Records {@code LENGTH KEY=VALUE\n}, LENGTH counting the whole record, VALUE any bytes. */
    private void parsePax(byte[] data) {
        int at = 0;
        while (at < data.length) {
            int space = at;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return; // malformed: the tar reader refuses it
            }
            int recordEnd = at + length;
            if (length <= 0 || recordEnd > data.length) {
                return;
            }
            int equals = space + 1;
            while (equals < recordEnd && data[equals] != '=') {
                equals++;
            }
            if (equals < recordEnd) {
                String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
                byte[] value = java.util.Arrays.copyOfRange(data, equals + 1, recordEnd - 1);
                record(key, value);
            }
            at = recordEnd;
        }
    }

    private void record(String key, byte[] value) {
        if (key.startsWith(SCHILY)) {
            pending.put(key.substring(SCHILY.length()), value);
        } else if (key.startsWith(LIBARCHIVE)) {
            try {
                // bsdtar: the name %-encoded, the value base64
                String name = URLDecoder.decode(key.substring(LIBARCHIVE.length()), StandardCharsets.UTF_8);
                pending.put(name, Base64.getDecoder().decode(new String(value, StandardCharsets.US_ASCII)));
            } catch (IllegalArgumentException e) {
                // not base64: ignored, as bsdtar would
            }
        }
    }
}
