package dev.slimline.inventory;

/**
 * Bounds on what the inventory reads and holds, so that a corrupt or huge package database costs
 * a bounded amount of memory and leaves an inventory marked incomplete instead of failing the job.
 *
 * @param maxDatabaseBytes most bytes read of one package database or file list ({@code dpkg/status},
 *     an {@code info/*.list}, {@code apk/db/installed}, a {@code RECORD})
 * @param maxLineBytes longest line of such a file; a longer one is taken as corruption
 * @param maxManifestBytes largest manifest read whole ({@code package.json}, {@code METADATA},
 *     {@code pom.properties}, {@code copyright}, {@code os-release}, an npm lockfile)
 * @param maxArchiveBytes most bytes of one jar read while looking for {@code pom.properties}
 * @param maxPackages most packages held
 * @param maxListedPaths most file paths held over all packages
 */
public record InventoryLimits(long maxDatabaseBytes, int maxLineBytes, int maxManifestBytes, long maxArchiveBytes,
        int maxPackages, int maxListedPaths) {

    /**
     * Roomy for real images (the 1 GB node test image: 900 packages, a 650 kB status, 57,000
     * listed paths), while a hostile one costs at most some tens of MB: paths are held as strings.
     */
    public static final InventoryLimits DEFAULT = new InventoryLimits(16L << 20, 64 << 10, 1 << 20, 256L << 20,
            50_000, 500_000);

    public InventoryLimits {
        if (maxDatabaseBytes <= 0 || maxLineBytes <= 0 || maxManifestBytes <= 0 || maxArchiveBytes <= 0
                || maxPackages <= 0 || maxListedPaths <= 0) {
            throw new IllegalArgumentException("inventory limits must be positive");
        }
    }
}
