package dev.jrun.oci;

import dev.jrun.linux.Capability;
import dev.jrun.linux.Rlimits;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks config.json must pass beyond its types, each failing with the JSON path: what the
 * runtime-spec requires (absolute paths, known namespace, rlimit and capability names) and what
 * jrun cannot honour.
 */
final class OciSpecCheck {
    static final List<String> NAMESPACES = List.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");
    static final List<String> PROPAGATIONS = List.of("shared", "slave", "private", "unbindable", "rshared", "rslave",
            "rprivate", "runbindable");

    private final String source;

    private OciSpecCheck(String source) {
        this.source = source;
    }

    static void check(String source, OciSpec spec) throws OciSpecException {
        new OciSpecCheck(source).spec(spec);
    }

    private void spec(OciSpec spec) throws OciSpecException {
        require(spec.ociVersion() != null, "ociVersion", "missing");
        require(spec.ociVersion().startsWith("1."), "ociVersion", "jrun reads runtime-spec 1.x, not "
                + spec.ociVersion());
        require(spec.root() != null && spec.root().path() != null && !spec.root().path().isEmpty(), "root.path",
                "missing (the rootfs, absolute or relative to the bundle)");
        if (spec.process() != null) {
            process(spec.process());
        }
        for (int i = 0; i < spec.mounts().size(); i++) {
            OciMount m = spec.mounts().get(i);
            absolute(m.destination(), "mounts[" + i + "].destination");
        }
        if (spec.linux() != null) {
            linux(spec.linux());
        }
        if (spec.hooks() != null) {
            hooks(spec.hooks());
        }
    }

    private void process(OciProcess p) throws OciSpecException {
        require(!p.args().isEmpty(), "process.args", "empty (the first names the program)");
        absolute(p.cwd(), "process.cwd");
        require(p.user() != null, "process.user", "missing (uid and gid)");
        if (p.capabilities() != null) {
            OciProcess.Capabilities c = p.capabilities();
            capabilities("bounding", c.bounding());
            capabilities("effective", c.effective());
            capabilities("inheritable", c.inheritable());
            capabilities("permitted", c.permitted());
            capabilities("ambient", c.ambient());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < p.rlimits().size(); i++) {
            OciProcess.Rlimit r = p.rlimits().get(i);
            String at = "process.rlimits[" + i + "]";
            require(Rlimits.isHeaderName(r.type()), at + ".type", "no such limit: " + r.type());
            require(seen.add(r.type()), at + ".type", r.type() + " is given twice");
            require(Long.compareUnsigned(r.soft(), r.hard()) <= 0, at, "soft " + r.soft() + " is above hard " + r.hard());
        }
    }

    private void capabilities(String set, List<String> names) throws OciSpecException {
        for (int i = 0; i < names.size(); i++) {
            require(names.get(i).startsWith("CAP_") && Capability.number(names.get(i)) >= 0,
                    "process.capabilities." + set + "[" + i + "]", "no such capability: " + names.get(i));
        }
    }

    private void linux(OciLinux linux) throws OciSpecException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < linux.namespaces().size(); i++) {
            OciLinux.Namespace ns = linux.namespaces().get(i);
            String at = "linux.namespaces[" + i + "]";
            require(NAMESPACES.contains(ns.type()), at + ".type", "no such namespace: " + ns.type() + " (one of "
                    + String.join(", ", NAMESPACES) + ")");
            require(seen.add(ns.type()), at + ".type", ns.type() + " is given twice");
            if (ns.path() != null) {
                absolute(ns.path(), at + ".path");
            }
        }
        require(linux.rootfsPropagation() == null || PROPAGATIONS.contains(linux.rootfsPropagation()),
                "linux.rootfsPropagation", "one of " + String.join(", ", PROPAGATIONS) + ", not "
                        + linux.rootfsPropagation());
        for (int i = 0; i < linux.devices().size(); i++) {
            OciLinux.Device d = linux.devices().get(i);
            absolute(d.path(), "linux.devices[" + i + "].path");
            require(List.of("c", "b", "u", "p").contains(d.type()), "linux.devices[" + i + "].type",
                    "c, b, u or p, not " + d.type());
        }
        if (linux.resources() != null) {
            List<OciResources.DeviceAccess> rules = linux.resources().devices();
            for (int i = 0; i < rules.size(); i++) {
                OciResources.DeviceAccess r = rules.get(i);
                String at = "linux.resources.devices[" + i + "]";
                require(r.type() == null || List.of("a", "b", "c").contains(r.type()), at + ".type",
                        "a, b or c, not " + r.type());
                require(r.access() == null || r.access().matches("r?w?m?"), at + ".access",
                        "some of r, w and m, in that order, not " + r.access());
            }
        }
        paths("linux.maskedPaths", linux.maskedPaths());
        paths("linux.readonlyPaths", linux.readonlyPaths());
    }

    private void hooks(OciSpec.Hooks hooks) throws OciSpecException {
        hooks("prestart", hooks.prestart());
        hooks("createRuntime", hooks.createRuntime());
        hooks("createContainer", hooks.createContainer());
        hooks("startContainer", hooks.startContainer());
        hooks("poststart", hooks.poststart());
        hooks("poststop", hooks.poststop());
    }

    private void hooks(String kind, List<OciSpec.Hook> list) throws OciSpecException {
        for (int i = 0; i < list.size(); i++) {
            absolute(list.get(i).path(), "hooks." + kind + "[" + i + "].path");
        }
    }

    private void paths(String at, List<String> paths) throws OciSpecException {
        for (int i = 0; i < paths.size(); i++) {
            absolute(paths.get(i), at + "[" + i + "]");
        }
    }

    private void absolute(String path, String at) throws OciSpecException {
        require(path != null, at, "missing");
        require(path.startsWith("/"), at, "must be an absolute path, not " + path);
    }

    private void require(boolean ok, String at, String problem) throws OciSpecException {
        if (!ok) {
            throw new OciSpecException(source + ": " + at + ": " + problem);
        }
    }
}
