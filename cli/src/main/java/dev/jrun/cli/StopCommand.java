package dev.jrun.cli;

import dev.jrun.linux.Signals;
import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun stop [-t SECONDS] NAME...}: TERM, then KILL after the grace time, as docker stop. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop running containers.")
final class StopCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Grace time before KILL (default 10).")
    int seconds = 10;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", converter = SignalConverter.class,
            description = "The first signal (default TERM).")
    int signal = Signals.SIGTERM;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Containers, by name or id.")
    List<String> names;

    @Override
    public Integer call() throws JrunException {
        BundleContainers containers = new Jrun(Roots.settings(global)).containers();
        for (String name : names) {
            containers.stop(name, signal, Math.max(0, seconds) * 1000);
            System.out.println(name);
        }
        return 0;
    }
}
