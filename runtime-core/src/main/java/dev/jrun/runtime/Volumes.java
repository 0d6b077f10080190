package dev.jrun.runtime;

import dev.jrun.container.ContainerState;
import dev.jrun.oci.OciMount;
import dev.jrun.store.VolumeStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code jrun volume ls|rm|prune}: the named volumes and which containers use them. A volume is in
 * use while any container that mounts it exists, running or stopped (a kept one too), as in docker.
 */
public final class Volumes {
    /** A volume and the containers (names) that use it. */
    public record Info(String name, Path data, List<String> usedBy) {}

    private final VolumeStore store;
    private final BundleContainers containers;

    Volumes(VolumeStore store, BundleContainers containers) {
        this.store = store;
        this.containers = containers;
    }

    public List<Info> list() throws JrunException {
        List<Info> infos = new ArrayList<>();
        try {
            for (VolumeStore.Volume v : store.list()) {
                infos.add(new Info(v.name(), v.data(), users(v.name())));
            }
        } catch (IOException e) {
            throw new JrunException("volumes: " + e.getMessage(), e);
        }
        return infos;
    }

    /** Removes {@code name}; refused while a container uses it. */
    public void remove(String name) throws JrunException {
        List<String> users = users(name);
        if (!users.isEmpty()) {
            throw new JrunException("volume " + name + " is in use by container " + String.join(", ", users)
                    + " (remove it first: jrun rm)");
        }
        try {
            store.remove(name);
        } catch (IllegalArgumentException e) {
            throw new JrunException(e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JrunException("volume " + name + " does not exist", e);
        } catch (IOException e) {
            throw new JrunException("volume " + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes every volume no container uses; their names. */
    public List<String> prune() throws JrunException {
        List<String> removed = new ArrayList<>();
        for (Info info : list()) {
            if (info.usedBy().isEmpty()) {
                remove(info.name());
                removed.add(info.name());
            }
        }
        return removed;
    }

    /** Containers whose config.json binds the volume's directory. */
    private List<String> users(String volume) throws JrunException {
        Set<String> users = new TreeSet<>();
        for (ContainerState state : containers.records()) {
            List<OciMount> mounts;
            try {
                mounts = containers.config(state.id()).mounts();
            } catch (JrunException gone) {
                continue; // removed meanwhile, or its bundle is not written yet
            }
            for (OciMount m : mounts) {
                if (m.source() != null && volume.equals(store.nameOf(Path.of(m.source())))) {
                    users.add(state.name());
                }
            }
        }
        return List.copyOf(users);
    }
}
