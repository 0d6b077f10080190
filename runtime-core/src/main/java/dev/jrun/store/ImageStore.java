package dev.jrun.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jrun.image.Digest;
import dev.jrun.image.Image;
import dev.jrun.image.ImageException;
import dev.jrun.image.Layer;
import dev.jrun.layer.LayerStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The loaded images under the data root ({@code images/<hex>.json}, one {@link ImageRecord} each),
 * over the {@link LayerStore} that holds their layers. Changes happen under {@code images/.lock}.
 */
public final class ImageStore {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** docker's rule: a short id is a prefix of at least this many hex digits. */
    private static final int MIN_ID_PREFIX = 4;

    private final Path images;
    private final LayerStore layers;

    public ImageStore(Path dataRoot, LayerStore layers) {
        this.images = dataRoot.toAbsolutePath().resolve("images");
        this.layers = layers;
    }

    public LayerStore layers() {
        return layers;
    }

    /**
     * Records {@code image}, whose layers {@code diffIds} are stored, under its id and name; the
     * name moves from any image that had it.
     */
    public ImageRecord save(Image image, List<Digest> diffIds) throws ImageException {
        String id = (image.id() != null ? image.id() : diffIds.isEmpty() ? Digest.sha256(Digest.hasher("sha256"))
                : diffIds.get(diffIds.size() - 1)).toString();
        try {
            // The common case, a run of an image loaded before: nothing to change, no lock, no write.
            java.util.Optional<ImageRecord> known = read(id);
            if (known.isPresent() && known.get().names().contains(image.name())) {
                return known.get();
            }
            long size = diffIds.stream().mapToLong(layers::size).sum();
            return locked(() -> {
                for (ImageRecord other : list()) {
                    if (!other.id().equals(id) && other.names().contains(image.name())) {
                        write(other.withNames(other.names().stream().filter(n -> !n.equals(image.name())).toList()));
                    }
                }
                List<String> names = new ArrayList<>(read(id).map(ImageRecord::names).orElse(List.of()));
                if (!names.contains(image.name())) {
                    names.add(image.name());
                }
                ImageRecord record = new ImageRecord(id, names, image.created(), image.config(),
                        diffIds.stream().map(Digest::toString).toList(), size, Instant.now().toString());
                write(record);
                return record;
            });
        } catch (IOException e) {
            throw new ImageException("image store " + images + ": cannot save " + image.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image {@code reference} names: a name ({@code busybox:1.36}; {@code busybox} means
     * {@code busybox:latest}), a full id, or an unambiguous id prefix; null if none.
     */
    public Image find(String reference) throws ImageException {
        List<ImageRecord> all;
        try {
            all = list();
        } catch (IOException e) {
            throw new ImageException("image store " + images + ": " + e.getMessage(), e);
        }
        String wanted = normalized(reference);
        for (ImageRecord record : all) {
            if (record.names().stream().anyMatch(n -> normalized(n).equals(wanted))) {
                return toImage(record, reference);
            }
        }
        String hex = reference.startsWith("sha256:") ? reference.substring(7) : reference;
        List<ImageRecord> byId = hex.length() < MIN_ID_PREFIX || !hex.matches("[0-9a-f]+") ? List.of()
                : all.stream().filter(r -> r.id().startsWith("sha256:" + hex)).toList();
        if (byId.size() > 1) {
            throw new ImageException("image " + reference + ": ambiguous id prefix, matches " + byId.size() + " images");
        }
        return byId.isEmpty() ? null : toImage(byId.get(0), reference);
    }

    /** Every loaded image, oldest first. */
    public List<ImageRecord> list() throws IOException {
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        List<ImageRecord> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(images)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(JSON.readValue(file.toFile(), ImageRecord.class));
            }
        }
        all.sort((a, b) -> a.loaded().compareTo(b.loaded()));
        return all;
    }

    /** Forgets the image {@code reference} names (its layers stay until {@link #prune}); returns its record. */
    public ImageRecord remove(String reference) throws ImageException {
        Image image = find(reference);
        if (image == null) {
            throw new ImageException("image " + reference + ": no such image (see jrun images)");
        }
        try {
            return locked(() -> {
                ImageRecord record = read(image.id().toString()).orElseThrow();
                Files.deleteIfExists(recordFile(record.id()));
                return record;
            });
        } catch (IOException e) {
            throw new ImageException("image store " + images + ": cannot remove " + reference + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes every stored layer that no image and none of {@code inUse} (the layers of existing
     * containers) needs; returns the removed layers.
     */
    public List<Digest> prune(Set<Digest> inUse) throws ImageException {
        try {
            return locked(() -> {
                Set<Digest> keep = new HashSet<>(inUse);
                for (ImageRecord record : list()) {
                    record.layers().forEach(l -> keep.add(Digest.parse(l)));
                }
                List<Digest> removed = new ArrayList<>();
                for (Digest layer : layers.list()) {
                    if (!keep.contains(layer)) {
                        layers.remove(layer);
                        removed.add(layer);
                    }
                }
                return removed;
            });
        } catch (IOException e) {
            throw new ImageException("image store " + images + ": prune: " + e.getMessage(), e);
        }
    }

    /**
     * A name as docker compares them: {@code busybox}, {@code busybox:latest} and
     * {@code docker.io/library/busybox:latest} are one name.
     */
    static String normalized(String name) {
        String n = name;
        int slash = n.lastIndexOf('/');
        if (n.indexOf(':', slash + 1) < 0 && !n.contains("@")) {
            n = n + ":latest";
        }
        for (String prefix : List.of("docker.io/", "index.docker.io/", "library/")) {
            if (n.startsWith(prefix)) {
                n = n.substring(prefix.length());
            }
        }
        return n;
    }

    private Image toImage(ImageRecord record, String reference) {
        List<Layer> stored = record.layers().stream()
                .map(l -> new Layer(l, null, 0, 0, null, Digest.parse(l))).toList();
        String name = record.names().isEmpty() ? Digest.parse(record.id()).shortHex()
                : record.names().contains(reference) ? reference : record.names().get(0);
        return new Image(recordFile(record.id()), name, Digest.parse(record.id()), record.config(), stored,
                record.created());
    }

    private java.util.Optional<ImageRecord> read(String id) throws IOException {
        Path file = recordFile(id);
        return Files.exists(file) ? java.util.Optional.of(JSON.readValue(file.toFile(), ImageRecord.class))
                : java.util.Optional.empty();
    }

    private void write(ImageRecord record) throws IOException {
        Path tmp = images.resolve(".tmp-" + Digest.parse(record.id()).hex());
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), record);
        Files.move(tmp, recordFile(record.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path recordFile(String id) {
        return images.resolve(Digest.parse(id).hex() + ".json");
    }

    private <T> T locked(Locked<T> action) throws IOException {
        Files.createDirectories(images);
        synchronized (ImageStore.class) {
            try (FileChannel channel = FileChannel.open(images.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                return action.run();
            }
        }
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }
}
