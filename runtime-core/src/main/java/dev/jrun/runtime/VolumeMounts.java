package dev.jrun.runtime;

import dev.jrun.linux.Syscalls;
import dev.jrun.oci.OciMount;
import dev.jrun.rootfs.RootPaths;
import dev.jrun.rootfs.TreeCopy;
import dev.jrun.store.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code -v/--volume} and {@code --mount}, as docker reads them, turned into config.json mounts.
 * <ul>
 * <li>{@code -v SOURCE:TARGET[:OPTIONS]}: SOURCE an absolute host path (a bind) or a volume name;
 *     OPTIONS comma-separated: {@code ro}, {@code rw}, a propagation ({@code private}, {@code rprivate},
 *     {@code shared}, {@code rshared}, {@code slave}, {@code rslave}), {@code nocopy}.</li>
 * <li>{@code --mount type=bind|volume|tmpfs,source=…,target=…[,readonly][,bind-propagation=…]
 *     [,volume-nocopy][,tmpfs-size=…][,tmpfs-mode=…]} ({@code src}, {@code dst}, {@code destination},
 *     {@code ro} as docker accepts them).</li>
 * </ul>
 * A bind's host path must exist: docker's {@code -v} would make a missing one, which turns a typo
 * into an empty directory; jrun refuses it, as docker's {@code --mount} does. A named volume is made
 * on first use and filled with what the image has at TARGET, unless {@code nocopy}.
 */
final class VolumeMounts {
    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave",
            "rslave");

    /** One flag, read: {@code type} bind, volume or tmpfs; {@code options} config.json's mount options. */
    record Given(String flag, String type, String source, String target, List<String> options, boolean copy) {}

    private final VolumeStore volumes;
    private final Syscalls sys;

    VolumeMounts(VolumeStore volumes, Syscalls sys) {
        this.volumes = volumes;
        this.sys = sys;
    }

    /** {@code -v SPEC}. */
    static Given volume(String spec) throws JrunException {
        String flag = "--volume " + spec;
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new JrunException(flag + ": expected SOURCE:TARGET[:OPTIONS] (SOURCE an absolute host path or a"
                    + " volume name)");
        }
        List<String> options = new ArrayList<>();
        boolean copy = true;
        for (String option : parts.length == 3 ? List.of(parts[2].split(",")) : List.<String>of()) {
            if (option.equals("ro") || option.equals("rw") || PROPAGATIONS.contains(option)) {
                options.add(option);
            } else if (option.equals("nocopy")) {
                copy = false;
            } else {
                throw new JrunException(flag + ": unknown option " + option + " (ro, rw, nocopy, or a propagation: "
                        + String.join(", ", PROPAGATIONS.stream().sorted().toList()) + ")");
            }
        }
        return new Given(flag, parts[0].startsWith("/") ? "bind" : "volume", parts[0], target(flag, parts[1]), options,
                copy);
    }

    /** {@code --mount SPEC}. */
    static Given mount(String spec) throws JrunException {
        String flag = "--mount " + spec;
        String type = "volume";
        String source = null;
        String target = null;
        List<String> options = new ArrayList<>();
        boolean copy = true;
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String value = eq < 0 ? null : field.substring(eq + 1);
            switch (key) {
                case "type" -> type = value;
                case "source", "src" -> source = value;
                case "target", "destination", "dst" -> target = value;
                case "readonly", "ro" -> {
                    if (value == null || value.equals("true") || value.equals("1")) {
                        options.add("ro");
                    } else if (!value.equals("false") && !value.equals("0")) {
                        throw new JrunException(flag + ": " + key + "=" + value + " (true or false)");
                    }
                }
                case "bind-propagation" -> {
                    if (!PROPAGATIONS.contains(String.valueOf(value))) {
                        throw new JrunException(flag + ": bind-propagation=" + value + " (one of "
                                + String.join(", ", PROPAGATIONS.stream().sorted().toList()) + ")");
                    }
                    options.add(value);
                }
                case "volume-nocopy" -> copy = false;
                case "tmpfs-size" -> options.add("size=" + value);
                case "tmpfs-mode" -> options.add("mode=" + value);
                default -> throw new JrunException(flag + ": unknown field " + key + " (type, source, target,"
                        + " readonly, bind-propagation, volume-nocopy, tmpfs-size, tmpfs-mode)");
            }
        }
        if (!Set.of("bind", "volume", "tmpfs").contains(String.valueOf(type))) {
            throw new JrunException(flag + ": type=" + type + " (bind, volume or tmpfs)");
        }
        if (target == null) {
            throw new JrunException(flag + ": needs target=PATH");
        }
        if (!type.equals("tmpfs") && source == null) {
            throw new JrunException(flag + ": type=" + type + " needs source=" + (type.equals("bind") ? "PATH" : "NAME"));
        }
        return new Given(flag, type, source, target(flag, target), options, copy);
    }

    private static String target(String flag, String target) throws JrunException {
        if (!target.startsWith("/") || Path.of(target).normalize().equals(Path.of("/"))) {
            throw new JrunException(flag + ": the target must be an absolute path in the container, and not /");
        }
        return target;
    }

    /**
     * The config.json mount of {@code given}: a bind of the host path, a bind of the named volume's
     * directory (made now, and filled from {@code rootfs} at the target on first use), or a tmpfs.
     *
     * @throws JrunException naming the flag: a missing or relative host path, a bad volume name
     */
    OciMount toMount(Given given, Path rootfs) throws JrunException, IOException {
        switch (given.type()) {
            case "tmpfs" -> {
                return TmpfsMounts.mount(given.target() + (given.options().isEmpty() ? ""
                        : ":" + String.join(",", given.options())));
            }
            case "bind" -> {
                if (!given.source().startsWith("/")) {
                    throw new JrunException(given.flag() + ": the host path " + given.source() + " is relative;"
                            + " give it absolute");
                }
                if (!Files.exists(Path.of(given.source()), LinkOption.NOFOLLOW_LINKS)) {
                    throw new JrunException(given.flag() + ": the host path " + given.source() + " does not exist");
                }
                return bind(given.source(), given);
            }
            default -> {
                if (!VolumeStore.NAME.matcher(given.source()).matches()) {
                    throw new JrunException(given.flag() + ": " + given.source() + " is neither an absolute host path"
                            + " nor a volume name (a letter or digit, then letters, digits, _ . or -)");
                }
                Path content = given.copy() ? RootPaths.resolveFollowing(rootfs, given.target()) : null;
                Path data = volumes.use(given.source(), content == null || !Files.isDirectory(content,
                        LinkOption.NOFOLLOW_LINKS) ? null : dir -> TreeCopy.copy(sys, content, dir));
                return bind(data.toString(), given);
            }
        }
    }

    private static OciMount bind(String source, Given given) {
        List<String> options = new ArrayList<>(List.of("rbind"));
        options.addAll(given.options());
        return new OciMount(given.target(), "bind", source, options);
    }

    /**
     * Makes the mount point of a bind of {@code source} at {@code containerPath}: resolved inside
     * {@code rootfs} (symlinks there followed, never out to the host), made as a directory for a
     * directory and as an empty file for anything else. Returns its host path.
     */
    static Path mountPoint(Path rootfs, Path source, String containerPath) throws IOException {
        Path target = RootPaths.resolveFollowing(rootfs, containerPath);
        if (Files.isDirectory(source)) {
            Files.createDirectories(target);
        } else if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(target.getParent());
            Files.createFile(target);
        }
        return target;
    }
}
