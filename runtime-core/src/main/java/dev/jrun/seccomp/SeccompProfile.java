package dev.jrun.seccomp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrun.linux.Arch;
import dev.jrun.linux.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A seccomp profile in docker's JSON format (the one {@code docker run --security-opt seccomp=FILE}
 * reads): a default action, and rules that give named system calls another action, optionally only
 * when arguments compare as given, or only with some capabilities, architectures or kernels.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<Rule> syscalls) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    public SeccompProfile {
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** One rule; {@code name} is the format's older single-name form. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rule(List<String> names, String name, String action, Integer errnoRet, List<Arg> args,
                       Filter includes, Filter excludes) {
        public List<String> allNames() {
            return names != null ? names : name != null ? List.of(name) : List.of();
        }

        /**
         * Whether the includes and excludes let this rule apply to a container on {@code arch} holding
         * {@code capabilities} under kernel {@code kernelRelease} ({@code uname -r}), as docker decides
         * when it writes a profile into config.json: excluded if any of excludes' caps is held, the arch
         * is among its arches or the kernel is at least its minKernel; included only if every one of
         * includes' caps is held, the arch is among its arches and the kernel is at least its minKernel.
         * An empty list is no condition, as docker reads it.
         */
        public boolean appliesTo(Arch arch, long capabilities, String kernelRelease) {
            Filter out = excludes;
            if (out != null && (anyOf(out.caps()) && out.caps().stream().anyMatch(c -> held(c, capabilities))
                    || anyOf(out.arches()) && out.arches().contains(arch.ociName())
                    || out.minKernel() != null && atLeast(kernelRelease, out.minKernel()))) {
                return false;
            }
            Filter in = includes;
            return in == null || (!anyOf(in.caps()) || in.caps().stream().allMatch(c -> held(c, capabilities)))
                    && (!anyOf(in.arches()) || in.arches().contains(arch.ociName()))
                    && (in.minKernel() == null || atLeast(kernelRelease, in.minKernel()));
        }

        private static boolean anyOf(List<String> list) {
            return list != null && !list.isEmpty();
        }

        private static boolean held(String name, long capabilities) {
            int number = Capability.number(name);
            return number >= 0 && (capabilities & (1L << number)) != 0;
        }
    }

    /** Whether kernel {@code release} (6.1.0-57-amd64) is at least {@code min} (4.8). */
    static boolean atLeast(String release, String min) {
        int[] have = majorMinor(release);
        int[] want = majorMinor(min);
        return have[0] != want[0] ? have[0] > want[0] : have[1] >= want[1];
    }

    private static int[] majorMinor(String version) {
        String[] parts = version.split("[.-]");
        return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0};
    }

    /** A comparison of argument {@code index} (0-5); {@code valueTwo} is MASKED_EQ's expected value. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(int index, BigInteger value, BigInteger valueTwo, String op) {}

    /** When a rule applies: all of {@code caps} held, the architecture among {@code arches}, a kernel of at least {@code minKernel}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filter(List<String> caps, List<String> arches, String minKernel) {}

    /** jrun's default: docker's default profile, as {@code seccomp/default.json} holds it (read once). */
    public static SeccompProfile defaultProfile() {
        return DefaultHolder.PROFILE;
    }

    private static final class DefaultHolder {
        static final SeccompProfile PROFILE = load();

        private static SeccompProfile load() {
            try (InputStream in = SeccompProfile.class.getResourceAsStream("default.json")) {
                return JSON.readValue(in, SeccompProfile.class);
            } catch (IOException e) {
                throw new IllegalStateException("jrun's default seccomp profile is unreadable: " + e.getMessage(), e);
            }
        }
    }

    /** A profile file; a file that is not one is an IOException naming the file and the problem. */
    public static SeccompProfile read(Path file) throws IOException {
        try {
            SeccompProfile profile = JSON.readValue(Files.readAllBytes(file), SeccompProfile.class);
            if (profile.defaultAction() == null) {
                throw new IOException("no defaultAction");
            }
            return profile;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
    }
}
