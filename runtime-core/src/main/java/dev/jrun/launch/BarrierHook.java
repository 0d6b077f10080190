package dev.jrun.launch;

import java.io.IOException;

/**
 * Work done at the exec barrier, when the container's first process exists (its host pid known)
 * but has not exec'd yet: where a pid file is written and, later, cgroups are joined.
 */
@FunctionalInterface
public interface BarrierHook {
    BarrierHook NONE = pid -> { };

    void created(int pid) throws IOException;
}
