package dev.jrun.cli;

import dev.jrun.runtime.JrunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** docker's -e and --env-file rules: files first, then -e; a bare KEY takes the host's value. */
final class EnvOptions {
    private EnvOptions() {}

    static List<String> resolve(List<Path> files, List<String> flags) throws JrunException {
        List<String> out = new ArrayList<>();
        for (Path file : files) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String entry = line.strip();
                    if (!entry.isEmpty() && !entry.startsWith("#")) {
                        add(out, entry);
                    }
                }
            } catch (IOException e) {
                throw new JrunException("env file " + file + ": cannot read it (" + e.getMessage() + ")", e);
            }
        }
        for (String flag : flags) {
            add(out, flag);
        }
        return out;
    }

    private static void add(List<String> out, String entry) {
        if (entry.indexOf('=') > 0) {
            out.add(entry);
        } else {
            String host = System.getenv(entry);
            if (host != null) {
                out.add(entry + "=" + host);
            }
        }
    }
}
