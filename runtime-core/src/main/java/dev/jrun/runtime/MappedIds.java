package dev.jrun.runtime;

import dev.jrun.linux.UserNamespace;
import dev.jrun.oci.OciLinux;
import dev.jrun.rootfs.ImageUsers;
import java.util.List;
import java.util.function.LongUnaryOperator;

/** The container's user and groups against the ids rootless jrun's user namespace maps. */
final class MappedIds {
    private MappedIds() {}

    /**
     * Rootless, the container's ids must be mapped in jrun's user namespace: all of them with a
     * subuid range, only 0 without one; and setgroups is denied where newgidmap did not map.
     */
    static void require(UserNamespace userns, ImageUsers.User user) throws JrunException {
        String range = " is not mapped in rootless jrun's user namespace (" + (userns.mappedUids() == 1
                ? "only uid 0 is" : userns.mappedUids() + " uids are") + " mapped;"
                + " a range for the user in /etc/subuid and /etc/subgid, with newuidmap and newgidmap"
                + " installed, maps 65536)";
        if (!userns.mapsUid(user.uid())) {
            throw new JrunException("user " + user.uid() + range);
        }
        if (!userns.mapsGid(user.gid())) {
            throw new JrunException("group " + user.gid() + range);
        }
        if (!user.groups().isEmpty() && !userns.setgroupsAllowed()) {
            throw new JrunException("supplementary groups " + user.groups() + ": setgroups is denied in rootless"
                    + " jrun's single-id user namespace (a range in /etc/subgid with newgidmap allows it)");
        }
        for (int group : user.groups()) {
            if (!userns.mapsGid(group)) {
                throw new JrunException("group " + group + range);
            }
        }
    }

    /**
     * config.json's uidMappings and gidMappings. A JVM can neither make nor enter a user namespace,
     * but rootless jrun already runs in one its launcher made: a config asking for a new one (as
     * {@code jrun spec --rootless} and {@code runc spec --rootless} write) is met by it if that
     * namespace maps each id the way the config does. It may map more; it cannot map less.
     */
    static void requireMappings(UserNamespace userns, OciLinux linux) throws JrunException {
        if (linux.uidMappings().isEmpty() && linux.gidMappings().isEmpty()) {
            return;
        }
        if (userns.initial()) {
            throw new JrunException("linux.uidMappings: id mappings need a new user namespace, which a JVM cannot make"
                    + " (run jrun as a user instead: rootless jrun runs in a user namespace its launcher makes)");
        }
        require("linux.uidMappings", linux.uidMappings(), userns::hostUid);
        require("linux.gidMappings", linux.gidMappings(), userns::hostGid);
    }

    private static void require(String field, List<OciLinux.IdMapping> mappings, LongUnaryOperator host)
            throws JrunException {
        for (int i = 0; i < mappings.size(); i++) {
            OciLinux.IdMapping m = mappings.get(i);
            long first = host.applyAsLong(m.containerID());
            long last = host.applyAsLong(m.containerID() + m.size() - 1);
            if (m.size() < 1 || first != m.hostID() || last != m.hostID() + m.size() - 1) {
                throw new JrunException(field + "[" + i + "]: " + m.size() + " ids from " + m.containerID() + " to host "
                        + m.hostID() + " are not mapped so in rootless jrun's user namespace (it maps "
                        + (first < 0 ? "no host id to " + m.containerID() : m.containerID() + " to host " + first)
                        + "; /proc/self/uid_map and gid_map show its mappings)");
            }
        }
    }
}
