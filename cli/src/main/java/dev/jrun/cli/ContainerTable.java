package dev.jrun.cli;

import dev.jrun.container.ContainerState;
import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.JrunException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code jrun ps}'s table: one line per container, as docker prints it. */
final class ContainerTable {
    private static final String FORMAT = "%-12s  %-24s  %-24s  %-14s  %-22s  %s%n";

    private ContainerTable() {}

    static void print(BundleContainers containers, boolean all) throws JrunException {
        System.out.printf(FORMAT, "CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
        for (ContainerState c : containers.records()) {
            if (!all && c.status().equals("stopped")) {
                continue;
            }
            System.out.printf(FORMAT, c.id().substring(0, Math.min(12, c.id().length())),
                    cut(c.annotations().getOrDefault("dev.jrun.image", "-"), 24), cut(command(containers, c), 24),
                    ago(c.created()) + " ago", status(c), c.name());
        }
    }

    private static String command(BundleContainers containers, ContainerState c) {
        try {
            return "\"" + String.join(" ", containers.command(c.name())) + "\"";
        } catch (JrunException e) {
            return "-"; // its bundle is gone
        }
    }

    private static String status(ContainerState c) {
        return switch (c.status()) {
            case "running" -> "Up";
            case "paused" -> "Up (Paused)";
            case "stopped" -> c.exitCode() >= 0 ? "Exited (" + c.exitCode() + ")" : "Exited";
            default -> Character.toUpperCase(c.status().charAt(0)) + c.status().substring(1);
        };
    }

    /** 5 seconds, 3 minutes, 2 hours, 4 days. */
    static String ago(String instant) {
        if (instant == null) {
            return "?";
        }
        Duration d = Duration.between(Instant.parse(instant), Instant.now());
        for (var unit : List.of(new Object[] {d.toDays(), "day"}, new Object[] {d.toHours(), "hour"},
                new Object[] {d.toMinutes(), "minute"}, new Object[] {d.toSeconds(), "second"})) {
            long n = (Long) unit[0];
            if (n > 0 || unit[1].equals("second")) {
                return n + " " + unit[1] + (n == 1 ? "" : "s");
            }
        }
        return "?";
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
