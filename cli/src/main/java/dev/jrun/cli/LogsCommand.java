package dev.jrun.cli;

import dev.jrun.runtime.BundleContainers;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jrun logs [-f] NAME}: what a detached container wrote, its stdout and stderr as they came. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a detached container's output.")
final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    JrunCommand global;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what it writes until it stops.")
    boolean follow;

    @Parameters(index = "0", paramLabel = "NAME", description = "The container, by name or id.")
    String name;

    @Override
    public Integer call() throws JrunException {
        BundleContainers containers = new Jrun(Roots.settings(global)).containers();
        Path log = containers.log(name);
        try (InputStream in = Files.newInputStream(log); WatchService watch = FileSystems.getDefault().newWatchService()) {
            log.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
            while (true) {
                in.transferTo(System.out);
                System.out.flush();
                if (!follow || containers.record(name).status().equals("stopped")) {
                    in.transferTo(System.out); // what it wrote last, before it stopped
                    System.out.flush();
                    return 0;
                }
                // woken when it writes; the timeout notices a stop that wrote nothing
                var key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (IOException e) {
            throw new JrunException("logs " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
