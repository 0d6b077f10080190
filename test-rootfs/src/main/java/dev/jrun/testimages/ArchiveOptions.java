package dev.jrun.testimages;

/**
 * How {@link DockerArchiveWriter} writes an archive, including the broken variants tests need.
 *
 * @param gzipLayers          compress every layer tar with gzip
 * @param withManifest        write manifest.json (without it the archive is no docker-archive)
 * @param truncateInsideEntry if not null, cut the layer holding this entry path in the middle of its data
 * @param flatLayers          name layers {@code <diff_id hex>.tar} at the top of the archive, as skopeo and
 *                            podman do, instead of docker save's {@code <hex>/layer.tar}
 */
public record ArchiveOptions(boolean gzipLayers, boolean withManifest, String truncateInsideEntry,
                             boolean flatLayers) {

    /** What {@code docker save} writes: plain layers and a manifest. */
    public static final ArchiveOptions PLAIN = new ArchiveOptions(false, true, null, false);

    public ArchiveOptions gzipped() {
        return new ArchiveOptions(true, withManifest, truncateInsideEntry, flatLayers);
    }

    public ArchiveOptions withoutManifest() {
        return new ArchiveOptions(gzipLayers, false, truncateInsideEntry, flatLayers);
    }

    public ArchiveOptions truncatedInside(String entryPath) {
        return new ArchiveOptions(gzipLayers, withManifest, entryPath, flatLayers);
    }

    /** Layers and config as skopeo's {@code docker-archive:} and {@code podman save} name them. */
    public ArchiveOptions skopeoNames() {
        return new ArchiveOptions(gzipLayers, withManifest, truncateInsideEntry, true);
    }
}
