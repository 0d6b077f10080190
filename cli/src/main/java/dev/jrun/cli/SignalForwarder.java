package dev.jrun.cli;

import dev.jrun.linux.Signals;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.JrunException;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Passes signals sent to {@code jrun} on to the container's first process, as {@code docker run}
 * does. A signal that arrives before the process exists is held and sent once it does. SIGQUIT
 * cannot be forwarded: the JVM reserves it for thread dumps (see README).
 */
final class SignalForwarder implements AutoCloseable {
    static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "USR1", "USR2");

    private final Container container;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final List<Integer> pending = new ArrayList<>();
    private boolean started;

    private SignalForwarder(Container container) {
        this.container = container;
    }

    static SignalForwarder install(Container container) {
        SignalForwarder f = new SignalForwarder(container);
        for (String name : FORWARDED) {
            Signal signal = new Signal(name);
            f.signals.add(signal);
            f.previous.add(Signal.handle(signal, s -> f.forward(s.getNumber())));
        }
        return f;
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
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
