package dev.jrun.cli;

import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.runtime.JrunException;
import dev.jrun.seccomp.SeccompProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Who the container's process is and what it may do: user, capabilities, no_new_privs, seccomp (a mixin of run). */
final class SecurityOptions {
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]",
            description = "Run as this user (UID or NAME, with :GID or :GROUP) of the image's /etc/passwd (default: the image's User, else root).")
    String user;

    @Option(names = "--group-add", paramLabel = "GROUP",
            description = "Another supplementary group (name in the image's /etc/group, or id).")
    List<String> groupAdd = new ArrayList<>();

    private static final String KNOWN = "no-new-privileges[=true|false], seccomp=unconfined|PROFILE.json";

    @Option(names = "--cap-add", paramLabel = "CAP", split = ",",
            description = "Keep this capability too (CAP_NET_ADMIN or net_admin; ALL for every one).")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP", split = ",",
            description = "Drop this capability from docker's default 14 (ALL for every one).")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--privileged",
            description = "Every capability and device, no no_new_privs, no seccomp, nothing of /proc or /sys masked.")
    boolean privileged;

    @Option(names = "--security-opt", paramLabel = "OPT", description = "One of: " + KNOWN + ".")
    List<String> securityOpts = new ArrayList<>();

    ProcessPrivileges privileges() throws JrunException {
        Boolean noNewPrivileges = null;
        SeccompProfile seccomp = privileged ? null : SeccompProfile.defaultProfile();
        for (String opt : securityOpts) {
            String[] kv = opt.split("[=:]", 2);
            switch (kv[0]) {
                case "no-new-privileges" -> noNewPrivileges = bool(opt, kv.length == 1 ? "true" : kv[1]);
                case "seccomp" -> seccomp = kv.length == 1 ? missing(opt) : profile(opt, kv[1]);
                default -> throw new JrunException("--security-opt " + opt + ": unknown option (known: " + KNOWN + ")");
            }
        }
        long held = ProcessPrivileges.heldCapabilities();
        long base = privileged ? held : ProcessPrivileges.DOCKER_DEFAULT;
        try {
            return new ProcessPrivileges(ProcessPrivileges.resolve(base, capAdd, capDrop, held),
                    noNewPrivileges != null ? noNewPrivileges : !privileged, !privileged, seccomp, !privileged);
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        }
    }

    private static Boolean bool(String opt, String value) throws JrunException {
        if (!value.equals("true") && !value.equals("false")) {
            throw new JrunException("--security-opt " + opt + ": want true or false");
        }
        return Boolean.valueOf(value);
    }

    private static SeccompProfile missing(String opt) throws JrunException {
        throw new JrunException("--security-opt " + opt + ": want seccomp=unconfined or seccomp=PROFILE.json");
    }

    private static SeccompProfile profile(String opt, String value) throws JrunException {
        if (value.equals("unconfined")) {
            return null;
        }
        try {
            return SeccompProfile.read(Path.of(value));
        } catch (IOException e) {
            throw new JrunException("--security-opt " + opt + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : "not a seccomp profile in docker's format: " + e.getMessage()));
        }
    }
}
