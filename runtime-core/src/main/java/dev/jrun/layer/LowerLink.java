package dev.jrun.layer;

/**
 * A hard link in a layer whose target a lower layer holds: in a layer directory of its own it can
 * only become a copy, made once the lower layers are unpacked.
 *
 * @param path the link, a clean path in the layer
 * @param target the file it links to, a clean path in the image
 */
public record LowerLink(String path, String target) {
}
