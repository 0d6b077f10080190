package dev.jrun.runtime;

import static dev.jrun.linux.Mount.MS_NODEV;
import static dev.jrun.linux.Mount.MS_NOEXEC;
import static dev.jrun.linux.Mount.MS_NOSUID;
import static dev.jrun.linux.Mount.MS_RDONLY;

import dev.jrun.oci.OciMount;
import java.util.ArrayList;
import java.util.List;

/** {@code --tmpfs PATH[:OPTIONS]}, as docker reads it: default {@code rw,noexec,nosuid,nodev}. */
final class TmpfsMounts {
    private static final long TMPFS_FLAGS = MS_RDONLY | MS_NOEXEC | MS_NOSUID | MS_NODEV;

    private TmpfsMounts() {}

    /**
     * The config.json mount for {@code spec} (its target is resolved inside the rootfs later, by
     * {@link BundleMounts}).
     *
     * @throws JrunException naming a relative path or an unknown option
     */
    static OciMount mount(String spec) throws JrunException {
        int colon = spec.indexOf(':');
        String path = colon < 0 ? spec : spec.substring(0, colon);
        if (!path.startsWith("/") || path.equals("/")) {
            throw new JrunException("--tmpfs " + spec + ": the path must be absolute, and not /");
        }
        List<String> options = new ArrayList<>(List.of("noexec", "nosuid", "nodev")); // docker's default
        for (String option : colon < 0 ? List.<String>of() : List.of(spec.substring(colon + 1).split(","))) {
            MountOptions one = MountOptions.parse(List.of(option));
            boolean flag = one.data() == null && !one.bind() && one.propagation() == 0
                    && (one.flags() & ~TMPFS_FLAGS) == 0;
            if (!flag && !option.matches("(size|mode|uid|gid|nr_inodes|nr_blocks)=[0-9a-zA-Z%]+")) {
                throw new JrunException("--tmpfs " + spec + ": unknown option " + option
                        + " (ro, rw, [no]exec, [no]suid, [no]dev, size=, mode=, uid=, gid=, nr_inodes=)");
            }
            options.add(option);
        }
        return new OciMount(path, "tmpfs", "tmpfs", options);
    }
}
