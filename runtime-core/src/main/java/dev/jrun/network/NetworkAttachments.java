package dev.jrun.network;

import static dev.jrun.linux.Mount.MNT_DETACH;
import static dev.jrun.linux.Mount.MS_BIND;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container joins a CNI network at its exec barrier and leaves it when it goes. Its network
 * namespace is pinned (bound to a file of its state directory) for as long as it is attached: DEL
 * must find the namespace to delete the interface and, from it, learn which addresses to take out
 * of the NAT rules (the bridge plug-in does), and the container's last process may be gone by then.
 */
public final class NetworkAttachments {
    /** In the state directory: the bind of the container's network namespace file. */
    static final String NETNS = "netns";

    private NetworkAttachments() {}

    /**
     * Every plug-in of {@code config} is installed (checked before the container is made, so a
     * missing one is an error of its own and not half an ADD).
     */
    public static void requirePlugins(NetworkConfig config) throws IOException {
        for (String type : config.types()) {
            CniPlugin.find(CniPlugin.DEFAULT_PATH, type);
        }
    }

    /**
     * Connects the waiting process {@code pid}'s network namespace to {@code config}: pins it, records
     * the attachment, runs ADD, records its result, and returns the attachment.
     *
     * @param capabilityArgs by capability name, e.g. {@code portMappings}
     * @throws IOException naming the plug-in and its error; the record stays, for DEL
     */
    public static NetworkAttachment attach(Syscalls sys, NetworkConfig config, String containerId,
                                           ObjectNode capabilityArgs, int pid, Path stateDir) throws IOException {
        Path netns = stateDir.resolve(NETNS);
        Files.createFile(netns);
        try {
            sys.mount("/proc/" + pid + "/ns/net", netns.toString(), null, MS_BIND, null);
        } catch (SyscallException e) {
            throw new IOException("pinning the network namespace: " + e.getMessage(), e);
        }
        NetworkAttachment attachment = NetworkAttachment.of(config, containerId, netns, capabilityArgs);
        attachment.save(stateDir);
        NetworkAttachment added = attachment.add(sys, stateDir);
        added.save(stateDir);
        return added;
    }

    /**
     * Disconnects the container recorded in {@code stateDir}, if it is attached: DEL with what ADD
     * was called with and returned, then the namespace unpinned and the record removed. Safe to call
     * again, and on a container whose ADD failed halfway (the plug-ins' DEL tolerates what is missing).
     *
     * @throws IOException naming the plug-in that failed; the record stays, so a later rm or prune retries
     */
    public static void release(Syscalls sys, Path stateDir) throws IOException {
        NetworkAttachment attachment = NetworkAttachment.load(stateDir);
        Path netns = stateDir.resolve(NETNS);
        if (attachment != null) {
            // no pin (a runtime that died before making it): DEL without a namespace, as the spec allows
            attachment.withNetns(pinned(netns) ? netns.toString() : "").del(sys, stateDir);
        }
        unpin(sys, netns);
        Files.deleteIfExists(stateDir.resolve(NetworkAttachment.FILE));
    }

    /** Whether a namespace is bound there: a mount point lies on another device than its directory. */
    private static boolean pinned(Path netns) throws IOException {
        return Files.exists(netns) && !Files.getAttribute(netns, "unix:dev").equals(
                Files.getAttribute(netns.getParent(), "unix:dev"));
    }

    private static void unpin(Syscalls sys, Path netns) throws IOException {
        if (pinned(netns)) {
            try {
                sys.umount2(netns.toString(), MNT_DETACH);
            } catch (SyscallException e) {
                if (e.errno() != Errno.EINVAL) { // not mounted after all
                    throw new IOException("unpinning the network namespace: " + e.getMessage(), e);
                }
            }
        }
        Files.deleteIfExists(netns);
    }
}
