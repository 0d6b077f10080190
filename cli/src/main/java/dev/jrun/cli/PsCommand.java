package dev.jrun.cli;

import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jrun ps ID}: the container's processes by host pid; {@code --format json} prints the bare
 * array of pids that containerd's shim reads.
 */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the processes of a container.")
final class PsCommand implements Callable<Integer> {
    enum Format { TABLE, JSON }

    @ParentCommand
    JrunCommand global;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table (default) or json.")
    Format format = Format.TABLE;

    @Parameters(index = "0", paramLabel = "ID", description = "The container's id.")
    String id;

    @Override
    public Integer call() throws JrunException {
        List<Integer> pids = new Jrun(Roots.settings(global)).containers().pids(id);
        if (format == Format.JSON) {
            System.out.println(pids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        } else {
            System.out.printf("%-8s %s%n", "PID", "CMD");
            for (int pid : pids) {
                System.out.printf("%-8d %s%n", pid, commandLine(pid));
            }
        }
        return 0;
    }

    /** The process's argv, space-separated; empty if it has exited since. */
    private static String commandLine(int pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }
}
