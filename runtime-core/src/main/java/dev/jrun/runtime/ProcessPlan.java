package dev.jrun.runtime;

import dev.jrun.image.ImageConfig;
import dev.jrun.launch.ExecutableLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker's rules for the first process, from the image config and the run's overrides:
 * argv is Entrypoint + Cmd, where run arguments replace Cmd and an entrypoint override drops the
 * image's Cmd; Env is the image's plus HOSTNAME, with PATH defaulted and overrides last (HOME comes
 * from the user's entry in the image's /etc/passwd, {@link #withHome}); the working directory is the
 * override, else WorkingDir, else /.
 */
record ProcessPlan(List<String> argv, List<String> env, String workdir) {
    static ProcessPlan of(ContainerSpec spec, String hostname) throws JrunException {
        ImageConfig config = spec.image().config();
        List<String> entrypoint = spec.entrypoint() != null ? spec.entrypoint() : config.entrypoint();
        List<String> cmd = !spec.command().isEmpty() ? spec.command()
                : spec.entrypoint() != null ? List.of() : config.cmd();
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(cmd);
        if (argv.isEmpty()) {
            throw new JrunException("no command: image " + spec.image().name()
                    + " has no Entrypoint or Cmd, and none was given");
        }
        String workdir = spec.workdir() != null ? spec.workdir()
                : config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir();
        if (!workdir.startsWith("/")) {
            throw new JrunException("image " + spec.image().name() + ": WorkingDir must be absolute: " + workdir);
        }
        return new ProcessPlan(argv, env(config.env(), spec.env(), hostname), workdir);
    }

    private static List<String> env(List<String> image, List<String> overrides, String hostname) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "PATH=" + ExecutableLookup.DEFAULT_PATH);
        put(env, "HOSTNAME=" + hostname);
        image.forEach(e -> put(env, e));
        overrides.forEach(e -> put(env, e));
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** The same plan with HOME set to {@code home}, unless the image or the run set one. */
    ProcessPlan withHome(String home) {
        if (env.stream().anyMatch(e -> e.startsWith("HOME="))) {
            return this;
        }
        List<String> withHome = new ArrayList<>(env);
        withHome.add("HOME=" + home);
        return new ProcessPlan(argv, withHome, workdir);
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        } else {
            env.put(entry, "");
        }
    }
}
