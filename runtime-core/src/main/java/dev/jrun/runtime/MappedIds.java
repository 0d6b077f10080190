package dev.jrun.runtime;

import dev.jrun.linux.UserNamespace;
import dev.jrun.rootfs.ImageUsers;

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
}
