package dev.jrun.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One architecture's kernel UAPI headers as Debian ships them (linux-libc-dev, fetched and unpacked by
 * {@code tools/linux-headers.sh}), read through the host's C compiler with the options that script
 * gives: the preprocessor decides every {@code #if} as that architecture's compiler would (its
 * architecture macros defined, the other's undefined), and constant expressions (macros, enum values,
 * sizeof, offsetof) are compiled to data ({@code gcc -S}, nothing linked or run) and read back. x86_64
 * and aarch64 are both LP64 with natural alignment of every integer and pointer type, so the host
 * compiler lays out either architecture's struct definitions as that architecture's own compiler would.
 */
final class KernelHeaders {
    /**
     * linux/if.h takes struct sockaddr from the C library's {@code <sys/socket.h>}; this is glibc's,
     * the same on every Linux architecture.
     */
    private static final String SYS_SOCKET_H = "struct sockaddr { unsigned short sa_family; char sa_data[14]; };\n";
    /** {@code jrun_v_<i>:} then {@code .quad <value>} ({@code .xword} on arm64), or {@code .zero 8} for 0. */
    private static final Pattern VALUE = Pattern.compile(
            "^jrun_v_(\\d+):\\s*\\n\\s*\\.(?:(?:quad|xword|8byte)\\s+(-?\\d+)|zero\\s+8)", Pattern.MULTILINE);

    private final Arch arch;
    private final String version;
    private final List<String> cppOptions;

    private KernelHeaders(Arch arch, String version, List<String> cppOptions) {
        this.arch = arch;
        this.version = version;
        this.cppOptions = List.copyOf(cppOptions);
    }

    /** Both architectures' headers, or why they cannot be read; fetched once per JVM. */
    private record Fetched(Map<Arch, KernelHeaders> headers, String whyNot) {}

    private static Fetched fetched;

    /**
     * {@code arch}'s headers, fetched once into the cache of {@code tools/linux-headers.sh}. Without gcc,
     * apt or the network this is a failed assumption that names the reason: each test says it was skipped.
     */
    static synchronized KernelHeaders of(Arch arch) throws IOException, InterruptedException {
        if (fetched == null) {
            fetched = fetch();
        }
        assumeTrue(fetched.whyNot == null, fetched.whyNot);
        return fetched.headers.get(arch);
    }

    private static Fetched fetch() throws IOException, InterruptedException {
        Result gcc = run(List.of("gcc", "--version"), "");
        if (gcc.exit != 0) {
            return new Fetched(Map.of(), "gcc is needed to read the kernel headers: " + gcc.reason());
        }
        Result fetched = run(List.of("bash", "tools/linux-headers.sh"), "");
        if (fetched.exit != 0) {
            return new Fetched(Map.of(), "linux-libc-dev for amd64 and arm64 could not be fetched"
                    + " (tools/linux-headers.sh exited " + fetched.exit + "): " + fetched.reason());
        }
        Path stub = Path.of("target", "linux-headers-libc");
        Files.createDirectories(stub.resolve("sys"));
        Files.writeString(stub.resolve("sys/socket.h"), SYS_SOCKET_H);
        Map<Arch, KernelHeaders> headers = new EnumMap<>(Arch.class);
        for (String line : fetched.out.strip().split("\n")) {
            List<String> debianArchVersionOptions = List.of(line.split(" "));
            List<String> options = new ArrayList<>(debianArchVersionOptions.subList(2, debianArchVersionOptions.size()));
            options.addAll(List.of("-idirafter", stub.toString()));
            for (Arch arch : Arch.values()) {
                if (arch.ociName().equals(debianArchVersionOptions.get(0))) {
                    headers.put(arch, new KernelHeaders(arch, debianArchVersionOptions.get(1), options));
                }
            }
        }
        return new Fetched(headers, null);
    }

    @Override
    public String toString() {
        return "linux-libc-dev " + version + " (" + arch.ociName() + ")";
    }

    /** Every macro defined after preprocessing {@code headers}, name to body ({@code gcc -E -dM}). */
    Map<String, String> macros(List<String> headers) throws IOException, InterruptedException {
        String out = gcc(List.of("-E", "-dM"), includes(headers));
        Map<String, String> macros = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^#define (\\w+) ?(.*)$", Pattern.MULTILINE).matcher(out);
        while (m.find()) {
            macros.put(m.group(1), m.group(2));
        }
        return macros;
    }

    /** The value of each C constant expression after {@code headers}, by the same key. */
    Map<String, Long> evaluate(List<String> headers, Map<String, String> expressions)
            throws IOException, InterruptedException {
        List<String> keys = new ArrayList<>(expressions.keySet());
        StringBuilder source = new StringBuilder(includes(headers));
        for (int i = 0; i < keys.size(); i++) {
            source.append("const long long jrun_v_").append(i).append(" = (long long)(")
                    .append(expressions.get(keys.get(i))).append(");\n");
        }
        Matcher m = VALUE.matcher(gcc(List.of("-S", "-o", "-"), source.toString()));
        Map<String, Long> values = new LinkedHashMap<>();
        while (m.find()) {
            values.put(keys.get(Integer.parseInt(m.group(1))), m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
        }
        if (values.size() != keys.size()) {
            throw new IllegalStateException(this + ": gcc -S gave " + values.size() + " of " + keys.size() + " values");
        }
        return values;
    }

    private static String includes(List<String> headers) {
        StringBuilder source = new StringBuilder();
        headers.forEach(h -> source.append("#include <").append(h).append(">\n"));
        return source.toString();
    }

    private String gcc(List<String> mode, String source) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(cppOptions);
        command.addAll(mode);
        command.addAll(List.of("-x", "c", "-"));
        Result r = run(command, source);
        if (r.exit != 0) {
            throw new IllegalStateException(this + ": gcc failed: " + r.err.strip());
        }
        return r.out;
    }

    private record Result(int exit, String out, String err) {
        /** apt's first error ({@code E: ...}), else the last line of stderr. */
        String reason() {
            List<String> lines = err.strip().lines().toList();
            return lines.stream().filter(l -> l.startsWith("E: ")).findFirst()
                    .orElse(lines.isEmpty() ? "no message" : lines.get(lines.size() - 1));
        }
    }

    private static Result run(List<String> command, String input) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new Result(-1, "", command.get(0) + ": " + e.getMessage());
        }
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        // stderr is read on its own thread, so neither pipe can fill and stall gcc or apt
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete(e.toString());
            }
        });
        reader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        reader.join();
        return new Result(exit, out, err.join());
    }
}
