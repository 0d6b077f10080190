package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code process}: what the container runs, as whom, with which privileges and limits. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciProcess(Boolean terminal, ConsoleSize consoleSize, User user, List<String> args, List<String> env,
                         String cwd, Capabilities capabilities, List<Rlimit> rlimits, Boolean noNewPrivileges,
                         Integer oomScoreAdj) {

    public OciProcess {
        args = Absent.empty(args);
        env = Absent.empty(env);
        rlimits = Absent.empty(rlimits);
    }

    public record ConsoleSize(int height, int width) {}

    /** @param umask null leaves the runtime's */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(long uid, long gid, Integer umask, List<Long> additionalGids) {
        public User {
            additionalGids = additionalGids == null ? null : List.copyOf(additionalGids);
        }
    }

    /** Capability names ({@code CAP_CHOWN}) per set; a set left out is empty. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                               List<String> permitted, List<String> ambient) {
        public Capabilities {
            bounding = Absent.empty(bounding);
            effective = Absent.empty(effective);
            inheritable = Absent.empty(inheritable);
            permitted = Absent.empty(permitted);
            ambient = Absent.empty(ambient);
        }
    }

    /** @param type {@code RLIMIT_NOFILE} and the like */
    public record Rlimit(String type, long hard, long soft) {}
}
