package dev.jrun.cli;

import dev.jrun.network.NetworkConfig;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun network ls|create|rm}: the CNI networks that {@code run --network NAME} joins. */
@Command(name = "network", mixinStandardHelpOptions = true, subcommands = {NetworkCommand.Ls.class,
        NetworkCommand.Create.class, NetworkCommand.Rm.class},
        description = "Manage CNI networks: jrun's (in DATA_ROOT/net.d) and the host's (/etc/cni/net.d, read only).")
final class NetworkCommand {
    @ParentCommand
    JrunCommand global;

    private Jrun jrun() {
        return new Jrun(Roots.settings(global));
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the networks.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        NetworkCommand network;

        @Override
        public Integer call() throws JrunException {
            String row = "%-16s  %-18s  %-15s  %-28s  %s%n";
            System.out.printf(row, "NAME", "SUBNET", "BRIDGE", "PLUGINS", "FILE");
            for (NetworkConfig n : network.jrun().networks().list()) {
                System.out.printf(row, n.name(), n.subnet() == null ? "-" : n.subnet(),
                        n.bridge() == null ? "-" : n.bridge(), String.join(",", n.types()), n.file());
            }
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a bridge network (bridge,"
            + " host-local addresses, portmap, firewall).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        NetworkCommand network;

        @Option(names = "--subnet", paramLabel = "CIDR", description = "Its IPv4 subnet (default: the next free /24"
                + " of 10.90.0.0/16).")
        String subnet;

        @Parameters(paramLabel = "NAME", description = "The network's name.")
        String name;

        @Override
        public Integer call() throws JrunException {
            NetworkConfig created = network.jrun().networks().create(name, subnet);
            System.out.println(created.name() + " " + created.subnet());
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove jrun's networks and their bridges.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        NetworkCommand network;

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "The networks to remove.")
        List<String> names;

        @Override
        public Integer call() throws JrunException {
            Jrun jrun = network.jrun();
            for (String name : names) {
                jrun.networks().remove(name);
            }
            return 0;
        }
    }
}
