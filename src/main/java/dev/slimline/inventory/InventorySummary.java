package dev.slimline.inventory;

import java.util.List;
import java.util.Map;

/**
 * The inventory in a few numbers, for {@code report.json} and the job's result.
 *
 * @param packages packages found in the original image, and those with a file in the slim one
 * @param byEcosystem the same per ecosystem ({@code dpkg}, {@code npm}, ...)
 * @param removedBytes content bytes the slim image left out
 * @param topPackages the five packages that kept the most bytes, most first
 * @param complete false when a package database was over a limit or unreadable
 * @param incompleteReasons why not, when it is not
 * @param sbomSha256 SHA-256 of {@code sbom.cdx.json}, also the slim image's label
 *     {@code slimline.sbom.sha256}; null when no valid SBOM was written
 */
public record InventorySummary(Counts packages, Map<String, Counts> byEcosystem, long removedBytes,
        List<TopPackage> topPackages, boolean complete, List<String> incompleteReasons, String sbomSha256) {

    public InventorySummary {
        byEcosystem = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byEcosystem));
        topPackages = List.copyOf(topPackages);
        incompleteReasons = List.copyOf(incompleteReasons);
    }

    public record Counts(int before, int after) {
    }

    public record TopPackage(String purl, String name, String version, String ecosystem, long keptBytes,
            int keptFiles) {
    }
}
