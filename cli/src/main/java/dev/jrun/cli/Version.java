package dev.jrun.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code jrun --version}: the build's version, filtered in by Maven. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/jrun-version.properties")) {
            p.load(in);
        }
        return new String[] {"jrun " + p.getProperty("version"),
            "OCI runtime-spec " + p.getProperty("runtime-spec")};
    }
}
