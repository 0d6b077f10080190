package dev.jrun.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jrun.image.Digest;
import dev.jrun.runtime.Jrun;
import dev.jrun.runtime.JrunException;
import dev.jrun.store.ImageRecord;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jrun images}: the loaded images, as a table or JSON. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List the images in the store.")
final class ImagesCommand implements Callable<Integer> {
    enum Format { TABLE, JSON }

    @ParentCommand
    JrunCommand global;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
    Format format = Format.TABLE;

    @Override
    public Integer call() throws JrunException, IOException {
        List<ImageRecord> images = new Jrun(Roots.settings(global)).images();
        if (format == Format.JSON) {
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(images));
            return 0;
        }
        String row = "%-40s %-12s %10s  %s%n";
        System.out.printf(row, "NAME", "ID", "SIZE", "CREATED");
        for (ImageRecord image : images) {
            String id = Digest.parse(image.id()).shortHex();
            List<String> names = image.names().isEmpty() ? List.of("<none>") : image.names();
            for (String name : names) {
                System.out.printf(row, name, id, size(image.size()), image.created().isEmpty() ? "-" : image.created());
            }
        }
        return 0;
    }

    private static String size(long bytes) {
        return bytes >= 1 << 30 ? String.format("%.1fGB", bytes / 1e9) : bytes >= 1 << 20
                ? String.format("%.1fMB", bytes / 1e6) : String.format("%.1fkB", bytes / 1e3);
    }
}
