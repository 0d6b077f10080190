package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code linux.seccomp}: a filter in the runtime-spec's form (libseccomp's action and arch names). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciSeccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                         List<String> flags, List<Syscall> syscalls) {
    public OciSeccomp {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Arg(int index, long value, Long valueTwo, String op) {}
}
