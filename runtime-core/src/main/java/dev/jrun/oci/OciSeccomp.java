package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.List;

/** {@code linux.seccomp}: a filter in the runtime-spec's form (libseccomp's action and arch names). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciSeccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                         List<String> flags, List<Syscall> syscalls) {
    public OciSeccomp {
        architectures = Absent.empty(architectures);
        flags = Absent.empty(flags);
        syscalls = Absent.empty(syscalls);
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = Absent.empty(names);
            args = Absent.empty(args);
        }
    }

    /** The values are uint64 in the spec: BigInteger reads all of them, 2^63 and above too. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Arg(int index, BigInteger value, BigInteger valueTwo, String op) {}
}
