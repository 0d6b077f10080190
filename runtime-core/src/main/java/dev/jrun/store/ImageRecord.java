package dev.jrun.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jrun.image.ImageConfig;
import java.util.List;

/**
 * What the store keeps of a loaded image, as {@code images/<hex>.json}: enough to run it again
 * without its archive.
 *
 * @param id the image id ({@code sha256:...} of its config; for a plain rootfs tar, its layer's diff_id)
 * @param names the names it answers to ({@code busybox:latest}); a name belongs to one image at a time
 * @param layers the diff_ids of its layers, bottom first
 * @param size the sum of its layers' uncompressed sizes
 * @param loaded when it was loaded (RFC 3339)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRecord(String id, List<String> names, String created, ImageConfig config, List<String> layers,
                          long size, String loaded) {

    public ImageRecord {
        names = names == null ? List.of() : List.copyOf(names);
        layers = layers == null ? List.of() : List.copyOf(layers);
        created = created == null ? "" : created;
    }

    ImageRecord withNames(List<String> newNames) {
        return new ImageRecord(id, newNames, created, config, layers, size, loaded);
    }
}
