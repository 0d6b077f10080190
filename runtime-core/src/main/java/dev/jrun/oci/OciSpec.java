package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code config.json}, as the OCI runtime-spec (1.2) defines it for Linux: the fields jrun
 * reads. Absent fields are null (lists and maps empty); fields jrun does not know are ignored on
 * reading, as the spec asks. {@link OciSpecReader} reads and checks one.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciSpec(String ociVersion, OciProcess process, Root root, String hostname, List<OciMount> mounts,
                      OciLinux linux, Hooks hooks, Map<String, String> annotations) {

    public OciSpec {
        mounts = Absent.empty(mounts);
        annotations = Absent.empty(annotations);
    }

    /** @param path the rootfs, absolute or relative to the bundle */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Root(String path, boolean readonly) {}

    /** Programs run at points of the lifecycle, each with the container's state on its stdin. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer,
                        List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {
        public Hooks {
            prestart = Absent.empty(prestart);
            createRuntime = Absent.empty(createRuntime);
            createContainer = Absent.empty(createContainer);
            startContainer = Absent.empty(startContainer);
            poststart = Absent.empty(poststart);
            poststop = Absent.empty(poststop);
        }
    }

    /** @param timeout seconds, or null for none */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
        public Hook {
            args = Absent.empty(args);
            env = Absent.empty(env);
        }
    }
}
