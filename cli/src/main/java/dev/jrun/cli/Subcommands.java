package dev.jrun.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * jrun's subcommands, added to the command line only when called. picocli builds the model of every
 * subcommand it is given (reflection over all their options) before it parses anything: with 22 of
 * them that cost 45 ms at every start (`jrun --version` 190 ms against 145 ms with 9), which an OCI
 * client pays on each of create, start, state and delete. So only the subcommands whose names appear
 * among the arguments are added; none for {@code --version} (which OCI clients call first), and all
 * when no subcommand is named (help, a typo's suggestion).
 */
final class Subcommands {
    /** Name (aliases too, as their {@code @Command} gives them) to a new instance; the order of help. */
    static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("run", RunCommand::new);
        ALL.put("load", LoadCommand::new);
        ALL.put("images", ImagesCommand::new);
        ALL.put("rmi", RmiCommand::new);
        ALL.put("prune", PruneCommand::new);
        ALL.put("rm", RmCommand::new);
        ALL.put("delete", RmCommand::new);
        ALL.put("__train", TrainCommand::new);
        ALL.put("spec", SpecCommand::new);
        ALL.put("create", CreateCommand::new);
        ALL.put("start", StartCommand::new);
        ALL.put("state", StateCommand::new);
        ALL.put("kill", KillCommand::new);
        ALL.put("list", ListCommand::new);
        ALL.put("ps", PsCommand::new);
        ALL.put("features", FeaturesCommand::new);
        ALL.put("exec", ExecCommand::new);
        ALL.put("pause", PauseCommand::new);
        ALL.put("resume", ResumeCommand::new);
        ALL.put("monitor", MonitorCommand::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("stop", StopCommand::new);
        ALL.put("inspect", InspectCommand::new);
        ALL.put("volume", VolumeCommand::new);
        ALL.put("network", NetworkCommand::new);
    }

    private Subcommands() {}

    /** {@code jrun} with the subcommands {@code args} may call. */
    static CommandLine commandLine(JrunCommand global, String... args) {
        CommandLine cli = new CommandLine(global);
        List<String> named = Arrays.stream(args).filter(ALL::containsKey).distinct().toList();
        boolean version = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        for (Map.Entry<String, Supplier<Object>> command : ALL.entrySet()) {
            if (named.isEmpty() && !version || named.contains(command.getKey())) {
                add(cli, command.getValue().get());
            }
        }
        return cli;
    }

    /** Under its {@code @Command} name and aliases (rm brings delete: added once). */
    private static void add(CommandLine cli, Object command) {
        CommandLine sub = new CommandLine(command);
        if (!cli.getSubcommands().containsKey(sub.getCommandName())) {
            cli.addSubcommand(sub);
        }
    }
}
