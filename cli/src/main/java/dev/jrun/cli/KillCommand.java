package dev.jrun.cli;

import dev.jrun.linux.Signals;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun kill [--all] ID [SIGNAL]}: signals a container's first process, or all of them. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Send a signal to a container.")
final class KillCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-a", "--all"}, description = "Signal every process of the container, not only its first.")
    boolean all;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNAL", converter = SignalConverter.class,
            description = "A number or a name, with or without SIG (default: TERM).")
    int signal = Signals.SIGTERM;

    @Override
    public Integer call() throws JrunException {
        new Jrun(Roots.settings(global)).containers().kill(id, signal, all);
        return 0;
    }
}
