package dev.jrun.seccomp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
