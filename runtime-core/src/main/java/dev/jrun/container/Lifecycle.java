package dev.jrun.container;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OCI lifecycle: which verb a container in which status accepts (runtime-spec "Lifecycle",
 * and runc's answers where the spec leaves it open). A verb the status refuses is an error naming
 * both, so concurrent clients learn why, not just that.
 */
public final class Lifecycle {
    private Lifecycle() {}

    /** A container's status, as the OCI state names it ({@code creating} only while create runs). */
    public enum Status {
        CREATING, CREATED, RUNNING, PAUSED, STOPPED;

        /** The name in the OCI state: {@code created}, {@code running}... */
        public String ociName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String ociName) {
            return valueOf(ociName.toUpperCase(Locale.ROOT));
        }
    }

    /** The commands that act on an existing container, with the statuses each accepts. */
    public enum Verb {
        /** Lets the created process exec. */
        START(EnumSet.of(Status.CREATED)),
        /** Signals the first process (or all, with --all); a stopped container has none. */
        KILL(EnumSet.of(Status.CREATED, Status.RUNNING, Status.PAUSED)),
        /** Removes a stopped container, or a created one whose process never ran (as runc). */
        DELETE(EnumSet.of(Status.CREATED, Status.STOPPED)),
        /** Runs another process in it. */
        EXEC(EnumSet.of(Status.RUNNING)),
        /** Freezes every process. */
        PAUSE(EnumSet.of(Status.RUNNING)),
        /** Thaws them. */
        RESUME(EnumSet.of(Status.PAUSED)),
        /** Lists its processes. */
        PS(EnumSet.of(Status.CREATED, Status.RUNNING, Status.PAUSED));

        private final Set<Status> accepted;

        Verb(Set<Status> accepted) {
            this.accepted = accepted;
        }

        public boolean accepts(Status status) {
            return accepted.contains(status);
        }
    }

    /**
     * Fails unless {@code verb} may act on container {@code id} in {@code status}.
     *
     * @throws IllegalStateException e.g. {@code container abc is running: start needs it created}
     */
    public static void require(String id, Status status, Verb verb) {
        if (!verb.accepts(status)) {
            List<String> accepted = verb.accepted.stream().map(Status::ociName).toList();
            String last = accepted.get(accepted.size() - 1);
            throw new IllegalStateException("container " + id + " is " + status.ociName() + ": "
                    + verb.name().toLowerCase(Locale.ROOT) + " needs it " + (accepted.size() == 1 ? last
                    : String.join(", ", accepted.subList(0, accepted.size() - 1)) + " or " + last));
        }
    }
}
