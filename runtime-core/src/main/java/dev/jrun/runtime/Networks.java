package dev.jrun.runtime;

import dev.jrun.container.ContainerName;
import dev.jrun.container.ContainerState;
import dev.jrun.container.ContainerStore;
import dev.jrun.linux.Errno;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.network.NetworkAttachment;
import dev.jrun.network.NetworkConfig;
import dev.jrun.network.NetworkConfigs;
import dev.jrun.network.Subnet;
import dev.jrun.rootfs.FileErrors;
import java.io.IOException;
import java.util.List;

/** {@code jrun network ls|create|rm}: jrun's CNI networks (DATA_ROOT/net.d) and the host's, read only. */
public final class Networks {
    private final NetworkConfigs networks;
    private final ContainerStore store;
    private final Syscalls sys;

    Networks(NetworkConfigs networks, ContainerStore store, Syscalls sys) {
        this.networks = networks;
        this.store = store;
        this.sys = sys;
    }

    /** The CNI networks containers can join: jrun's own, then the host's (/etc/cni/net.d). */
    public List<NetworkConfig> list() throws JrunException {
        try {
            return networks.list();
        } catch (IOException e) {
            throw new JrunException("networks: " + FileErrors.describe(e), e);
        }
    }

    /**
     * Makes a bridge network: {@code subnet} (CIDR; null for the next free /24 of 10.90.0.0/16).
     *
     * @throws JrunException for a bad name or subnet, a name in use, or a subnet another network has
     */
    public NetworkConfig create(String name, String subnet) throws JrunException {
        try {
            return networks.create(name, subnet == null ? null : Subnet.parse(subnet));
        } catch (IllegalArgumentException e) {
            throw new JrunException("network create " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JrunException("network create " + name + ": " + FileErrors.describe(e), e);
        }
    }

    /**
     * Removes jrun's network {@code name} and its bridge device; refused while a container is
     * attached to it.
     */
    public void remove(String name) throws JrunException {
        if (sys.geteuid() != 0) {
            throw new JrunException("network rm " + name + ": deleting its bridge needs root");
        }
        try {
            for (ContainerState state : store.list()) {
                NetworkAttachment attached = NetworkAttachment.load(store.stateDir(new ContainerName(state.name())));
                if (attached != null && attached.network().equals(name)) {
                    throw new JrunException("network rm " + name + ": container " + state.name() + " is attached to it");
                }
            }
            String bridge = networks.remove(name);
            if (bridge != null) {
                sys.deleteLink(bridge);
            }
        } catch (SyscallException e) {
            if (e.errno() != Errno.ENODEV) { // no container ever made it
                throw new JrunException("network rm " + name + ": deleting its bridge: " + e.getMessage(), e);
            }
        } catch (IllegalArgumentException e) {
            throw new JrunException("network rm " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JrunException("network rm " + name + ": " + FileErrors.describe(e), e);
        }
    }
}
