package dev.jrun.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.jrun.linux.Arch;
import dev.jrun.linux.Capability;
import dev.jrun.seccomp.SeccompCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code jrun features} prints: the runtime-spec's features document ({@code features.md}), the
 * shape {@code runc features} prints, saying what of config.json this runtime honours so a client
 * (containerd, podman) need not find out by failing.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciFeatures(String ociVersionMin, String ociVersionMax, List<String> hooks, List<String> mountOptions,
                          Linux linux, Map<String, String> annotations) {

    /**
     * The flag-like options jrun's mount code reads: runc's list without the recursive attributes
     * ({@code rro}, {@code rnosuid}...: mount_setattr), the filesystem-specific and deprecated ones (acl,
     * iversion, lazytime, mand, loud/silent), nosymfollow, remount and tmpcopyup. Options with a value
     * ({@code mode=755}, {@code size=64m}) are not listed: they go to the filesystem as data, as the spec says.
     */
    public static final List<String> MOUNT_OPTIONS = List.of("async", "atime", "bind", "defaults", "dev", "diratime",
            "dirsync", "exec", "noatime", "nodev", "nodiratime", "noexec", "norelatime", "nostrictatime", "nosuid",
            "private", "rbind", "relatime", "ro", "rprivate", "rshared", "rslave", "runbindable", "rw", "shared",
            "slave", "strictatime", "suid", "sync", "unbindable");
    /** No user namespace (rootless runs are a later issue) and no time namespace. */
    public static final List<String> NAMESPACES = List.of("cgroup", "ipc", "mount", "network", "pid", "uts");
    public static final String VERSION_ANNOTATION = "dev.jrun.version";

    public OciFeatures {
        hooks = Absent.empty(hooks);
        mountOptions = Absent.empty(mountOptions);
        annotations = Absent.empty(annotations);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Linux(List<String> namespaces, List<String> capabilities, Cgroup cgroup, Seccomp seccomp,
                        Enabled apparmor, Enabled selinux) {}

    /** systemd: false, as jrun writes cgroupfs itself and never asks systemd for a scope. */
    public record Cgroup(boolean v1, boolean v2, boolean systemd, boolean systemdUser) {}

    /** {@code knownFlags}: accepted; {@code supportedFlags}: those whose effect jrun gives. */
    public record Seccomp(boolean enabled, List<String> actions, List<String> operators, List<String> archs,
                          List<String> knownFlags, List<String> supportedFlags) {}

    public record Enabled(boolean enabled) {}

    /** jrun's features; {@code jrunVersion} null leaves its annotation out. */
    public static OciFeatures of(String jrunVersion) {
        List<String> capabilities = new ArrayList<>();
        for (int cap = 0; cap <= Capability.LAST_KNOWN; cap++) {
            capabilities.add(Capability.name(cap));
        }
        List<String> archs = new ArrayList<>();
        for (Arch arch : Arch.values()) {
            archs.add(OciSeccompProfiles.scmpArch(arch));
        }
        archs.sort(null);
        // TSYNC's effect holds (the container's process is single-threaded when the filter comes);
        // LOG's and SPEC_ALLOW's do not, though jrun accepts them (see OciSeccompProfiles)
        Seccomp seccomp = new Seccomp(true, SeccompCompiler.ACTIONS, SeccompCompiler.OPERATORS, archs,
                OciSeccompProfiles.IGNORED_FLAGS, List.of("SECCOMP_FILTER_FLAG_TSYNC"));
        Linux linux = new Linux(NAMESPACES, capabilities, new Cgroup(true, true, false, false), seccomp,
                new Enabled(false), new Enabled(false));
        return new OciFeatures("1.0.0", DefaultSpec.OCI_VERSION, List.of("prestart", "createRuntime",
                "createContainer", "startContainer", "poststart", "poststop"), MOUNT_OPTIONS, linux,
                jrunVersion == null ? Map.of() : Map.of(VERSION_ANNOTATION, jrunVersion));
    }

    /** {@link #of}{@code (null)} as JSON. */
    public static String toJson() {
        return toJson(null);
    }

    /** jrun's features as JSON, indented by four spaces as {@code runc features} prints them. */
    public static String toJson(String jrunVersion) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        try {
            return OciSpecReader.JSON.writer(printer).writeValueAsString(of(jrunVersion));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a record of strings, lists and booleans", e);
        }
    }
}
