package dev.jrun.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory from calloc/free, released together on close. Not JNA's {@code Memory}: that
 * registers with a cleaner that starts a thread, and a thread in a new pid namespace cannot
 * start threads (see launch.md).
 */
final class NativeMemory implements AutoCloseable {
    private final List<Pointer> blocks = new ArrayList<>();

    /** Zeroed memory of {@code size} bytes. */
    Pointer allocate(long size) {
        Pointer p = LibC.calloc(1, size);
        if (p == null) {
            throw new OutOfMemoryError("calloc(" + size + ") failed");
        }
        blocks.add(p);
        return p;
    }

    /** A NUL-terminated UTF-8 copy of {@code text}. */
    Pointer string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Pointer p = allocate(bytes.length + 1L);
        p.write(0, bytes, 0, bytes.length);
        return p;
    }

    /** A NULL-terminated {@code char *[]}, as argv and envp. */
    Pointer stringArray(List<String> items) {
        Pointer array = allocate((items.size() + 1L) * Native.POINTER_SIZE);
        for (int i = 0; i < items.size(); i++) {
            array.setPointer((long) i * Native.POINTER_SIZE, string(items.get(i)));
        }
        return array;
    }

    @Override
    public void close() {
        for (Pointer p : blocks) {
            LibC.free(p);
        }
        blocks.clear();
    }

}
