package dev.jrun.runtime;

import dev.jrun.oci.OciMount;
import java.util.ArrayList;
import java.util.List;
import dev.jrun.rootfs.RootPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --volume HOST:CONTAINER[:ro|rw]}, as docker reads it (a missing host directory is made). */
final class VolumeMounts {
    private VolumeMounts() {}

    /**
     * The config.json bind mount for {@code spec}; a missing host directory is made now, as docker
     * does (the mount point inside the rootfs is made later, by {@link BundleMounts}).
     *
     * @throws JrunException naming a malformed spec, a relative path or an unknown option
     */
    static OciMount mount(String spec) throws JrunException, IOException {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new JrunException("--volume " + spec + ": expected HOST:CONTAINER[:ro|rw]");
        }
        List<String> options = new ArrayList<>(List.of("rbind"));
        if (parts.length == 3) {
            switch (parts[2]) {
                case "ro" -> options.add("ro");
                case "rw" -> options.add("rw");
                default -> throw new JrunException("--volume " + spec + ": unknown option " + parts[2] + " (ro or rw)");
            }
        }
        if (!parts[0].startsWith("/") || !parts[1].startsWith("/") || parts[1].equals("/")) {
            throw new JrunException("--volume " + spec + ": both paths must be absolute, and the container's not /");
        }
        Path source = Path.of(parts[0]);
        if (!Files.exists(source)) {
            Files.createDirectories(source);
        }
        return new OciMount(parts[1], "bind", parts[0], options);
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
