package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import dev.jrun.runtime.Volumes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun volume ls|rm|prune}: the named volumes of {@code -v NAME:/path}. */
@Command(name = "volume", mixinStandardHelpOptions = true, description = "List and remove named volumes.",
        subcommands = {VolumeCommand.Ls.class, VolumeCommand.Rm.class, VolumeCommand.Prune.class})
final class VolumeCommand {
    @ParentCommand
    JrunCommand global;

    Volumes volumes() {
        return new Jrun(Roots.settings(global)).volumes();
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List volumes and the containers using them.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        VolumeCommand volume;

        @Option(names = {"-q", "--quiet"}, description = "Names only.")
        boolean quiet;

        @Override
        public Integer call() throws JrunException {
            List<Volumes.Info> all = volume.volumes().list();
            if (!quiet) {
                System.out.printf("%-30s %s%n", "VOLUME NAME", "USED BY");
            }
            for (Volumes.Info info : all) {
                System.out.println(quiet ? info.name() : String.format("%-30s %s", info.name(),
                        info.usedBy().isEmpty() ? "-" : String.join(",", info.usedBy())));
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove volumes no container uses.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        VolumeCommand volume;

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Volume names.")
        List<String> names;

        @Override
        public Integer call() throws JrunException {
            Volumes volumes = volume.volumes();
            for (String name : names) {
                volumes.remove(name);
                System.out.println(name);
            }
            return 0;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove every volume no container uses.")
    static final class Prune implements Callable<Integer> {
        @ParentCommand
        VolumeCommand volume;

        @Override
        public Integer call() throws JrunException {
            volume.volumes().prune().forEach(System.out::println);
            return 0;
        }
    }
}
