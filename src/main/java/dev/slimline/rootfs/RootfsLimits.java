package dev.slimline.rootfs;

/**
 * Bounds on an image tar that both passes (indexing and filtering) enforce, so that a hostile or
 * simply huge image cannot exhaust the service's memory or time.
 *
 * @param maxEntries most tar entries (files, directories, links, ...) an image may have
 * @param maxTotalBytes most file content bytes, summed over all entries
 * @param maxEntryBytes largest single file
 * @param maxPathLength longest entry name or link target, in characters
 * @param maxHeaderBytes largest extended header (PAX records, GNU long names) of one entry
 * @param elfScanBytes how much of an ELF file's beginning the indexer holds in memory to read its
 *     headers and dynamic strings; larger files are still indexed, see {@link ImageIndexer}
 * @param maxConfigBytes largest loader configuration file ({@code /etc/ld.so.conf*}) captured
 */
public record RootfsLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxPathLength,
        int maxHeaderBytes, int elfScanBytes, int maxConfigBytes) {

    /** Generous for real images (a 1 GB node image has about 56,000 entries) and small enough to stay safe. */
    public static final RootfsLimits DEFAULT = new RootfsLimits(1_000_000, 32L << 30, 8L << 30, 4096, 1 << 20,
            16 << 20, 64 << 10);

    public RootfsLimits {
        if (maxEntries <= 0 || maxTotalBytes <= 0 || maxEntryBytes <= 0 || maxPathLength <= 0 || maxHeaderBytes < 512
                || elfScanBytes < 4096 || maxConfigBytes <= 0) {
            throw new IllegalArgumentException("rootfs limits must be positive (header bytes at least 512,"
                    + " ELF scan bytes at least 4096)");
        }
    }
}
