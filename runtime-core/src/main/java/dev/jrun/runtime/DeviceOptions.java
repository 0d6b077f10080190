package dev.jrun.runtime;

import dev.jrun.cgroup.DeviceRule;
import dev.jrun.oci.OciLinux;
import dev.jrun.linux.DeviceNumbers;
import dev.jrun.linux.FileStat;
import dev.jrun.rootfs.RootPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** {@code --device HOST[:CONTAINER][:PERMISSIONS]}, as docker reads it: permissions {@code rwm} by default. */
final class DeviceOptions {
    private DeviceOptions() {}

    /**
     * One device: the node to make (config.json's {@code linux.devices} entry), the host's node it
     * copies, and the device-cgroup rule that lets the container use it.
     *
     * @param rule e.g. {@code c 10:200 rwm}
     */
    record Given(OciLinux.Device device, String hostPath, DeviceRule rule) {}

    /** @throws JrunException naming a malformed spec, a host path that is not a device, or bad permissions */
    static Given prepare(Path rootfs, String spec) throws JrunException, IOException {
        String[] parts = spec.split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            throw new JrunException("--device " + spec + ": expected HOST[:CONTAINER][:PERMISSIONS]");
        }
        String permissions = "rwm";
        String inside = parts[0];
        if (parts.length == 3) {
            inside = parts[1];
            permissions = parts[2];
        } else if (parts.length == 2) {
            if (parts[1].startsWith("/")) {
                inside = parts[1];
            } else {
                permissions = parts[1];
            }
        }
        if (!permissions.matches("r?w?m?") || permissions.isEmpty()) {
            throw new JrunException("--device " + spec + ": permissions must be some of r, w and m, in that order");
        }
        if (!parts[0].startsWith("/") || !inside.startsWith("/")) {
            throw new JrunException("--device " + spec + ": paths must be absolute");
        }
        Map<String, Object> a;
        try {
            a = Files.readAttributes(Path.of(parts[0]), "unix:mode,rdev");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JrunException("--device " + spec + ": " + parts[0] + " does not exist", e);
        }
        int type = (Integer) a.get("mode") & FileStat.S_IFMT;
        if (type != FileStat.S_IFCHR && type != FileStat.S_IFBLK) {
            throw new JrunException("--device " + spec + ": " + parts[0] + " is not a character or block device");
        }
        long rdev = (Long) a.get("rdev");
        Path target = RootPaths.resolve(rootfs, inside);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !inside.startsWith("/dev/")) {
            throw new JrunException("--device " + spec + ": " + inside + " already exists in the image");
        }
        int major = DeviceNumbers.major(rdev);
        int minor = DeviceNumbers.minor(rdev);
        String letter = type == FileStat.S_IFCHR ? "c" : "b";
        return new Given(new OciLinux.Device(inside, letter, major, minor, (Integer) a.get("mode") & 0777, null, null),
                parts[0], DeviceRule.parse(letter + " " + major + ":" + minor + " " + permissions));
    }
}
