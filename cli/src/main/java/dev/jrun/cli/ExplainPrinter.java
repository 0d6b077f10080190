package dev.jrun.cli;

import dev.jrun.launch.LaunchEvent;
import dev.jrun.launch.LaunchObserver;
import java.io.PrintStream;

/**
 * {@code --explain}: each step with why it is there, then the kernel calls it made, as they happen.
 * Runs on the launch threads: it only prints (no threads, no blocking beyond the write).
 */
final class ExplainPrinter implements LaunchObserver {
    private final PrintStream out;

    ExplainPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEvent(LaunchEvent event) {
        String line = switch (event.kind()) {
            case STEP -> "[jrun] " + event.step() + ": " + event.text();
            case CALL -> "[jrun]     " + event.text();
            case NOTE -> "[jrun]     -- " + event.text();
            case WARNING -> "[jrun] warning: " + event.text();
        };
        out.println(line);
    }
}
