package dev.jrun.layer;

import dev.jrun.image.Layer;

/** Hears how the unpacking of layers into the store goes, e.g. to draw a progress bar. Called from unpacking threads. */
public interface UnpackListener {

    UnpackListener NONE = new UnpackListener() {
    };

    /** {@code layer} starts unpacking: {@code total} stored (maybe compressed) bytes. */
    default void started(Layer layer, long total) {
    }

    /** {@code done} of the stored bytes of {@code layer} are read. */
    default void progress(Layer layer, long done) {
    }

    default void finished(Layer layer) {
    }
}
