package dev.jrun.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The format of {@code docker save}: a tar holding {@code manifest.json}, which names the config
 * JSON and the layer tars inside the same tar. Only the first image of a multi-image archive is read.
 */
public final class DockerArchiveFormat implements ImageFormat {

    static final String MANIFEST = "manifest.json";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** docker save stores a layer shared by two images once and links the other copy to it. */
    private static final int MAX_ENTRY_LINKS = 8;

    @Override
    public boolean recognizes(Path archive) throws IOException {
        return TarProbe.isTar(archive);
    }

    @Override
    public Image read(Path archive, ImageSelection selection) throws ImageException {
        try (TarFile tar = new TarFile(archive)) {
            Map<String, TarArchiveEntry> entries = new HashMap<>();
            for (TarArchiveEntry entry : tar.getEntries()) {
                entries.put(clean(entry.getName()), entry);
            }
            if (!entries.containsKey(MANIFEST)) {
                throw ImageException.image(archive, "not a docker-archive (no " + MANIFEST + ")");
            }
            DockerArchiveJson.Manifest manifest = firstImage(archive,
                    json(archive, tar, entries, MANIFEST, DockerArchiveJson.Manifest[].class));
            DockerArchiveJson.Config config = json(archive, tar, entries, manifest.config(),
                    DockerArchiveJson.Config.class);
            List<Layer> layers = new ArrayList<>();
            for (String name : manifest.layers() == null ? List.<String>of() : manifest.layers()) {
                TarArchiveEntry entry = file(archive, entries, name);
                layers.add(new Layer(name, archive, entry.getDataOffset(), entry.getSize(), null, null));
            }
            ImageConfig runConfig = config.config() == null ? ImageConfig.EMPTY : config.config().toImageConfig();
            return new Image(archive, name(archive, manifest), null, runConfig, layers, null);
        } catch (IOException e) {
            throw ImageException.image(archive, "cannot read archive", e);
        }
    }

    private static DockerArchiveJson.Manifest firstImage(Path archive, DockerArchiveJson.Manifest[] images)
            throws ImageException {
        if (images == null || images.length == 0 || images[0] == null) {
            throw ImageException.image(archive, MANIFEST + " lists no image");
        }
        if (images[0].config() == null) {
            throw ImageException.image(archive, MANIFEST + " names no config");
        }
        return images[0];
    }

    private static <T> T json(Path archive, TarFile tar, Map<String, TarArchiveEntry> entries, String name,
                              Class<T> type) throws ImageException, IOException {
        try (InputStream in = tar.getInputStream(file(archive, entries, name))) {
            return JSON.readValue(in, type);
        } catch (JsonProcessingException e) {
            throw ImageException.image(archive, "invalid " + name + ": " + e.getOriginalMessage());
        }
    }

    /** The regular-file entry {@code name}, following the symlinks docker save uses for shared layers. */
    private static TarArchiveEntry file(Path archive, Map<String, TarArchiveEntry> entries, String name)
            throws ImageException {
        String current = clean(name);
        for (int hops = 0; hops <= MAX_ENTRY_LINKS; hops++) {
            TarArchiveEntry entry = entries.get(current);
            if (entry == null) {
                throw ImageException.image(archive, name + " named in " + MANIFEST + " is missing");
            }
            if (!entry.isSymbolicLink()) {
                if (!entry.isFile()) {
                    throw ImageException.image(archive, name + " named in " + MANIFEST + " is not a file");
                }
                return entry;
            }
            int slash = current.lastIndexOf('/');
            current = clean(current.substring(0, slash + 1) + entry.getLinkName());
        }
        throw ImageException.image(archive, name + ": too many levels of symbolic links");
    }

    private static String name(Path archive, DockerArchiveJson.Manifest manifest) {
        List<String> tags = manifest.repoTags();
        return tags == null || tags.isEmpty() ? archive.getFileName().toString() : tags.get(0);
    }

    /** Entry names compare without "./", leading "/" or ".." (which cannot climb above the archive). */
    private static String clean(String name) {
        return Path.of("/", name).normalize().toString().substring(1);
    }
}
