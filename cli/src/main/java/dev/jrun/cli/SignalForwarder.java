package dev.jrun.cli;

import dev.jrun.linux.LinuxSyscalls;
import dev.jrun.linux.Signals;
import dev.jrun.linux.SyscallException;
import dev.jrun.linux.Syscalls;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.JrunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * Passes signals sent to {@code jrun} on to the container's first process, as {@code docker run}
 * does; one that arrives before the process exists is held and sent once it does.
 *
 * <p>The JVM keeps SIGQUIT for thread dumps, so Java cannot handle it. The {@code ./jrun} launcher
 * therefore starts the JVM with all forwarded signals blocked, with {@code -Xrs} (so the JVM never
 * unblocks them) and with {@code _JAVA_SR_SIGNUM} moving HotSpot's suspend signal off SIGUSR2; every
 * thread inherits the mask, and one thread reads them all from a signalfd. When
 * started otherwise ({@code java -jar}), signals are handled through {@code sun.misc.Signal} and SIGQUIT
 * stays the JVM's.
 */
final class SignalForwarder implements AutoCloseable {
    static final int[] FORWARDED = {Signals.SIGHUP, Signals.SIGINT, Signals.SIGQUIT, Signals.SIGUSR1,
        Signals.SIGUSR2, Signals.SIGTERM};

    private final Container container;
    private final List<Integer> pending = new ArrayList<>();
    private final List<Runnable> undo = new ArrayList<>();
    private boolean started;

    private SignalForwarder(Container container) {
        this.container = container;
    }

    static SignalForwarder install(Container container) throws JrunException {
        SignalForwarder f = new SignalForwarder(container);
        if (blockedFromStart()) {
            f.readFromSignalfd(new LinuxSyscalls());
        } else {
            f.handleInJava();
        }
        return f;
    }

    /** Whether the launcher blocked every forwarded signal before the JVM started. */
    private static boolean blockedFromStart() {
        try {
            String blk = Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                    .filter(l -> l.startsWith("SigBlk:")).findFirst().orElse("SigBlk: 0").substring(7).trim();
            long mask = Long.parseUnsignedLong(blk, 16);
            for (int signal : FORWARDED) {
                if ((mask & (1L << (signal - 1))) == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * One thread reads the signalfd. It polls a wake-up pipe too: a thread still blocked in a native
     * call when the JVM exits delays the exit by 300 ms (HotSpot waits for it), so close() wakes it
     * and waits for it to end.
     */
    private void readFromSignalfd(Syscalls sys) throws JrunException {
        int[] fds = new int[3];
        try {
            fds[0] = sys.signalfd(FORWARDED);
            int[] wake = sys.pipe();
            fds[1] = wake[0];
            fds[2] = wake[1];
        } catch (SyscallException e) {
            throw new JrunException("forwarding signals: " + e.getMessage(), e);
        }
        Thread reader = new Thread(() -> {
            try {
                while (sys.pollIn(new int[] {fds[0], fds[1]}, -1) == 0) {
                    forward(sys.readSignal(fds[0]));
                }
            } catch (SyscallException e) {
                System.err.println("jrun: forwarding signals stopped: " + e.getMessage());
            }
        }, "jrun-signals");
        reader.setDaemon(true);
        reader.start();
        undo.add(() -> {
            try {
                sys.write(fds[2], new byte[] {1});
                reader.join();
                for (int fd : fds) {
                    sys.close(fd);
                }
            } catch (SyscallException e) {
                // the JVM is about to exit: at worst it waits for the reader
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void handleInJava() {
        for (int number : FORWARDED) {
            if (number == Signals.SIGQUIT) {
                continue; // the JVM's own: thread dumps
            }
            Signal signal = new Signal(Signals.name(number).substring(3));
            try {
                var previous = Signal.handle(signal, s -> forward(s.getNumber()));
                undo.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException e) {
                // -Xrs without the launcher's blocked mask: the JVM will not let Java handle it
                System.getLogger("dev.jrun.cli").log(System.Logger.Level.WARNING,
                        "not forwarding " + Signals.name(number) + ": " + e.getMessage());
            }
        }
    }

    /** The process exists: deliver what arrived before. */
    synchronized void started() throws JrunException {
        started = true;
        for (int signal : pending) {
            container.signal(signal);
        }
        pending.clear();
    }

    private synchronized void forward(int signal) {
        if (!started) {
            pending.add(signal);
            return;
        }
        try {
            container.signal(signal);
        } catch (JrunException e) {
            System.err.println("jrun: forwarding " + Signals.name(signal) + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        undo.forEach(Runnable::run);
    }
}
