package dev.jrun.runtime;

import dev.jrun.image.Digest;
import java.util.List;

/**
 * What {@link Jrun#prune} removed.
 *
 * @param containers names of containers whose runtime had died (killed, cgroup and directories removed)
 * @param layers stored layers no image or container used
 */
public record Pruned(List<String> containers, List<Digest> layers) {
    public Pruned {
        containers = List.copyOf(containers);
        layers = List.copyOf(layers);
    }
}
