package dev.jrun.network;

/**
 * {@code --network}: which network namespace a container lives in, as docker names the choices.
 * {@link #parse} reads the flag; {@code toString} gives it back.
 */
public sealed interface NetworkMode {
    /** CNI's rule for network names (spec 1.0, section 1). */
    java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    /** The default: a network namespace of its own holding only {@code lo}, up. */
    None NONE = new None();

    record None() implements NetworkMode {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** No network namespace of its own: the container sees and binds the host's interfaces. */
    record Host() implements NetworkMode {
        @Override
        public String toString() {
            return "host";
        }
    }

    /** The network namespace of another, running container (by name or id prefix). */
    record Container(String container) implements NetworkMode {
        public Container {
            if (container.isEmpty()) {
                throw new IllegalArgumentException("--network container:ID needs the other container's name or id");
            }
        }

        @Override
        public String toString() {
            return "container:" + container;
        }
    }

    /**
     * A CNI network of that name (see {@link NetworkConfigs}): a network namespace of its own,
     * connected by the network's plug-ins at the exec barrier.
     */
    record Named(String network) implements NetworkMode {
        @Override
        public String toString() {
            return network;
        }
    }

    /**
     * {@code bridge} is the default network, {@value NetworkConfigs#DEFAULT_NETWORK}; any other
     * name a network's.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    static NetworkMode parse(String value) {
        return switch (value) {
            case "none" -> NONE;
            case "host" -> new Host();
            case "bridge" -> new Named(NetworkConfigs.DEFAULT_NETWORK);
            default -> {
                if (value.startsWith("container:")) {
                    yield new Container(value.substring("container:".length()));
                }
                if (!NAME.matcher(value).matches()) {
                    throw new IllegalArgumentException("--network " + value + ": unknown network (none, host, bridge,"
                            + " container:ID or a network's name)");
                }
                yield new Named(value);
            }
        };
    }
}
