package dev.jrun.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every system call of one architecture, name to number, as the kernel's UAPI headers list them
 * (resources written by {@code native-bindings/tools/syscall-tables.sh}). Seccomp filters match
 * numbers; profiles name calls.
 */
public final class SyscallTable {
    private final Arch arch;
    private final Map<String, Integer> numbers;

    private SyscallTable(Arch arch, Map<String, Integer> numbers) {
        this.arch = arch;
        this.numbers = Collections.unmodifiableMap(numbers);
    }

    private static final java.util.Map<Arch, SyscallTable> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The table of {@code arch}, read from its resource once per JVM. */
    public static SyscallTable of(Arch arch) {
        return LOADED.computeIfAbsent(arch, SyscallTable::load);
    }

    private static SyscallTable load(Arch arch) {
        String resource = "syscalls-" + arch.kernelName() + ".txt";
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from native-bindings");
            }
            Map<String, Integer> numbers = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] nameNumber = line.split(" ");
                    numbers.put(nameNumber[0], Integer.parseInt(nameNumber[1]));
                }
            }
            return new SyscallTable(arch, numbers);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    public Arch arch() {
        return arch;
    }

    /** The number of system call {@code name} on this architecture, or -1 if it has none. */
    public int number(String name) {
        return numbers.getOrDefault(name, -1);
    }

    public Map<String, Integer> all() {
        return numbers;
    }
}
