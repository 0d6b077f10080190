package dev.jrun.network;

/**
 * {@code --network}: which network namespace a container lives in, as docker names the choices.
 * {@link #parse} reads the flag; {@code toString} gives it back.
 */
public sealed interface NetworkMode {
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
     * @throws IllegalArgumentException naming the value and the choices
     */
    static NetworkMode parse(String value) {
        return switch (value) {
            case "none" -> NONE;
            case "host" -> new Host();
            default -> {
                if (value.startsWith("container:")) {
                    yield new Container(value.substring("container:".length()));
                }
                throw new IllegalArgumentException("--network " + value + ": unknown network (none, host or"
                        + " container:ID)");
            }
        };
    }
}
