package dev.jrun.testimages;

/**
 * How {@link DockerArchiveWriter} writes an archive, including the broken variants tests need.
 *
 * @param gzipLayers          compress every layer tar with gzip
 * @param withManifest        write manifest.json (without it the archive is no docker-archive)
 * @param truncateInsideEntry if not null, cut the layer holding this entry path in the middle of its data
 */
public record ArchiveOptions(boolean gzipLayers, boolean withManifest, String truncateInsideEntry) {

    /** What {@code docker save} writes: plain layers and a manifest. */
    public static final ArchiveOptions PLAIN = new ArchiveOptions(false, true, null);

    public ArchiveOptions gzipped() {
        return new ArchiveOptions(true, withManifest, truncateInsideEntry);
    }

    public ArchiveOptions withoutManifest() {
        return new ArchiveOptions(gzipLayers, false, truncateInsideEntry);
    }

    public ArchiveOptions truncatedInside(String entryPath) {
        return new ArchiveOptions(gzipLayers, withManifest, entryPath);
    }
}
