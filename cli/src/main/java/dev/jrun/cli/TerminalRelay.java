package dev.jrun.cli;

import dev.jrun.launch.Stdio;
import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.runtime.JrunException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code run -t}, {@code exec -t}: the container's terminal (a pty of its own devpts, whose master
 * jrun keeps) relayed to the user's. The user's terminal is put in raw mode, so keys such as Ctrl-C
 * reach the container's terminal as they are, and its size follows the user's (SIGWINCH).
 */
final class TerminalRelay implements AutoCloseable {
    private final Syscalls sys = new LinuxSyscalls();
    private final String saved;
    private int master = -1;

    private TerminalRelay(String saved) {
        this.saved = saved;
    }

    /**
     * The terminal for the container, its size the user's.
     *
     * @throws JrunException if stdin is not a terminal
     */
    static Stdio stdio() throws JrunException {
        try {
            int[] size = new LinuxSyscalls().windowSize(0);
            return new Stdio(null, null, null, 0, new Stdio.Terminal(null, size[0], size[1]));
        } catch (SyscallException e) {
            throw new JrunException("-t: stdin is not a terminal (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Relays the terminal whose master is {@code masterFd} until the process that {@code exit} waits
     * for has exited and its output is all through; the process's exit code.
     */
    static int relay(int masterFd, Exit exit) throws JrunException {
        try (TerminalRelay relay = rawMode()) {
            Thread screen = relay.start(masterFd);
            int code = exit.await();
            screen.join(); // the last of its output, until the terminal's other side has closed
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("-t: interrupted");
        }
    }

    /** Waits for the process on the terminal: its exit code. */
    @FunctionalInterface
    interface Exit {
        int await() throws JrunException;
    }

    /** Puts the user's terminal in raw mode (stty, on our stdin), until {@link #close}. */
    private static TerminalRelay rawMode() throws JrunException {
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        return new TerminalRelay(saved);
    }

    /** Copies keys to the container's terminal and its output to ours, until the container's side closes. */
    private Thread start(int masterFd) {
        this.master = masterFd;
        sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> resize());
        Thread keys = new Thread(() -> copy(0, masterFd), "jrun-tty-in");
        keys.setDaemon(true); // blocked reading our stdin when the container ends: it ends with the JVM
        keys.start();
        Thread screen = new Thread(() -> copy(masterFd, 1), "jrun-tty-out");
        screen.start();
        return screen;
    }

    private void resize() {
        try {
            int[] size = sys.windowSize(0);
            sys.setWindowSize(master, size[0], size[1]);
        } catch (SyscallException e) {
            // the terminal went away: nothing to follow
        }
    }

    /** Until end of file, or EIO: what a pty master reads once its last slave is closed. */
    private void copy(int from, int to) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = sys.read(from, buffer); n > 0; n = sys.read(from, buffer)) {
                sys.write(to, buffer, n);
            }
        } catch (SyscallException e) {
            // EIO: the container's terminal closed
        }
    }

    @Override
    public void close() throws JrunException {
        stty(saved);
    }

    private static String stty(String... args) throws JrunException {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("stty"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (p.waitFor() != 0) {
                throw new JrunException("-t: stty " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new JrunException("-t: stty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("-t: interrupted");
        }
    }
}
