package dev.jrun.cli;

import dev.jrun.runtime.BundleContainers;
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
 * {@code jrun ps [-a]}: the containers, as docker lists them; {@code jrun ps ID}: the OCI command,
 * the container's processes by host pid ({@code --format json} prints the bare array of pids that
 * containerd's shim reads).
 */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "List containers (running ones; -a: all), or with ID the processes of one.")
final class PsCommand implements Callable<Integer> {
    enum Format { TABLE, JSON }

    @ParentCommand
    JrunCommand global;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table (default) or json.")
    Format format = Format.TABLE;

    @Option(names = {"-a", "--all"}, description = "Stopped containers too.")
    boolean all;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "A container: list its processes.")
    String id;

    @Override
    public Integer call() throws JrunException {
        BundleContainers containers = new Jrun(Roots.settings(global)).containers();
        if (id == null) {
            ContainerTable.print(containers, all);
            return 0;
        }
        List<Integer> pids = containers.pids(id);
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
