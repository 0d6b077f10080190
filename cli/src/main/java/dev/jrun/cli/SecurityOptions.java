package dev.jrun.cli;

import dev.jrun.launch.ProcessPrivileges;
import dev.jrun.runtime.JrunException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What the container may do: capabilities, no_new_privs, --privileged (a picocli mixin of run). */
final class SecurityOptions {
    @Option(names = "--cap-add", paramLabel = "CAP", split = ",",
            description = "Keep this capability too (CAP_NET_ADMIN or net_admin; ALL for every one).")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP", split = ",",
            description = "Drop this capability from docker's default 14 (ALL for every one).")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--privileged",
            description = "Every capability, no no_new_privs, nothing of /proc or /sys masked: only namespaces confine the job.")
    boolean privileged;

    @Option(names = "--security-opt", paramLabel = "OPT",
            description = "no-new-privileges[=true|false] (default true: setuid binaries cannot raise privileges).")
    List<String> securityOpts = new ArrayList<>();

    ProcessPrivileges privileges() throws JrunException {
        Boolean noNewPrivileges = null;
        for (String opt : securityOpts) {
            String[] kv = opt.split("[=:]", 2);
            if (!kv[0].equals("no-new-privileges")) {
                throw new JrunException("--security-opt " + opt + ": unknown option (known: no-new-privileges[=true|false])");
            }
            String value = kv.length == 1 ? "true" : kv[1];
            if (!value.equals("true") && !value.equals("false")) {
                throw new JrunException("--security-opt " + opt + ": want true or false");
            }
            noNewPrivileges = Boolean.valueOf(value);
        }
        long held = ProcessPrivileges.heldCapabilities();
        long base = privileged ? held : ProcessPrivileges.DOCKER_DEFAULT;
        try {
            return new ProcessPrivileges(ProcessPrivileges.resolve(base, capAdd, capDrop, held),
                    noNewPrivileges != null ? noNewPrivileges : !privileged, !privileged);
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage());
        }
    }
}
