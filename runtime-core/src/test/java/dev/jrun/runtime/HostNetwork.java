package dev.jrun.runtime;

import dev.jrun.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What CNI networking leaves on the host, counted: veth devices, iptables rules and host-local
 * address allocations. Tests count before and after; {@link #restore} deletes the default bridge if
 * the test made it, so the machine is left as found.
 */
record HostNetwork(long veths, long iptablesRules, List<String> allocations) {
    private static final Path IPAM = Path.of("/var/lib/cni/networks/jrun0");

    static HostNetwork now() throws IOException, InterruptedException {
        long veths;
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            veths = links.filter(l -> l.getFileName().toString().startsWith("veth")).count();
        }
        return new HostNetwork(veths, countIptablesRules(), allocated());
    }

    /** The addresses host-local holds for network jrun0 (a file each, named by the address). */
    static List<String> allocated() throws IOException {
        if (!Files.isDirectory(IPAM)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(IPAM)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.matches("[0-9.]+")).sorted().toList();
        }
    }

    static boolean bridgeExists() {
        return Files.exists(Path.of("/sys/class/net/jrun0"));
    }

    /** Deletes the default bridge unless it was there before the test ({@code existed}). */
    static void restore(boolean existed) throws Exception {
        if (!existed && bridgeExists()) {
            new LinuxSyscalls().deleteLink("jrun0");
        }
    }

    private static long countIptablesRules() throws IOException, InterruptedException {
        Process save = new ProcessBuilder("iptables-save").redirectErrorStream(true).start();
        String out = new String(save.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (save.waitFor() != 0) {
            throw new IOException("iptables-save: " + out);
        }
        return out.lines().filter(l -> l.startsWith("-A ")).count();
    }
}
