package dev.jrun.runtime;

import dev.jrun.container.ContainerState;
import dev.jrun.oci.OciMount;
import dev.jrun.store.VolumeStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Set<String>> users = users();
        List<Info> infos = new ArrayList<>();
        try {
            for (VolumeStore.Volume v : store.list()) {
                infos.add(new Info(v.name(), v.data(), List.copyOf(users.getOrDefault(v.name(), Set.of()))));
            }
        } catch (IOException e) {
            throw new JrunException("volumes: " + e.getMessage(), e);
        }
        return infos;
    }

    /** Removes {@code name}; refused while a container uses it. */
    public void remove(String name) throws JrunException {
        Set<String> users = users().getOrDefault(name, Set.of());
        if (!users.isEmpty()) {
            throw new JrunException("volume " + name + " is in use by container " + String.join(", ", users)
                    + " (remove it first: jrun rm)");
        }
        delete(name);
    }

    /** Removes every volume no container uses; their names. */
    public List<String> prune() throws JrunException {
        List<String> removed = new ArrayList<>();
        for (Info info : list()) {
            if (info.usedBy().isEmpty()) {
                delete(info.name());
                removed.add(info.name());
            }
        }
        return removed;
    }

    private void delete(String name) throws JrunException {
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

    /** Volume name to the containers (names) whose config.json binds its directory; one pass over them. */
    private Map<String, Set<String>> users() throws JrunException {
        Map<String, Set<String>> users = new HashMap<>();
        for (ContainerState state : containers.records()) {
            List<OciMount> mounts;
            try {
                mounts = containers.config(state).mounts();
            } catch (JrunException gone) {
                continue; // removed meanwhile, or its bundle is not written yet
            }
            for (OciMount m : mounts) {
                String volume = m.source() == null ? null : store.nameOf(Path.of(m.source()));
                if (volume != null) {
                    users.computeIfAbsent(volume, v -> new TreeSet<>()).add(state.name());
                }
            }
        }
        return users;
    }
}
