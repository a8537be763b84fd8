package dev.slimline.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code diff.json}: what the slim image removed and kept, by top-level directory and by package,
 * the largest files removed, and why each kept path was kept. Sizes are content bytes of regular
 * files; each file counts once, with the package it is counted with (see {@link PackageFiles}).
 *
 * @param schemaVersion bumped when a field changes meaning
 * @param totals every entry of the original image
 * @param unowned entries no package claims (the application's own files, generated ones, ...)
 * @param largestRemoved the {@value SelectionInventory#LARGEST_REMOVED} largest files removed, largest first
 * @param kept every kept entry of the original image, in the order of its export
 */
public record ImageDiff(int schemaVersion, Tally totals, List<DirectoryTally> byTopLevelDirectory,
        List<PackageTally> byPackage, Tally unowned, List<RemovedFile> largestRemoved, List<KeptFile> kept,
        InventoryState inventory) {

    /** Entries and bytes kept and removed. */
    public record Tally(int keptEntries, long keptBytes, int removedEntries, long removedBytes) {
    }

    /** @param directory {@code /usr}; {@code /} for entries right under the root */
    public record DirectoryTally(String directory, int keptEntries, long keptBytes, int removedEntries,
            long removedBytes) {
    }

    /**
     * @param keptFiles files counted with this package that were kept
     * @param sharedFiles files it claims that are counted with a more specific package
     */
    public record PackageTally(String purl, String ecosystem, String name, String version, int keptFiles,
            long keptBytes, int removedFiles, long removedBytes, int sharedFiles) {
    }

    /** @param pkg the purl of the package it is counted with; null when none claims it */
    public record RemovedFile(String path, long sizeBytes, @JsonProperty("package") String pkg) {
    }

    /**
     * @param reason why it was kept ({@code observed}, {@code elf_needed}, {@code symlink}, {@code include_path}, ...)
     * @param cause what led to it (the path that needed it); null when the reason says it all
     */
    public record KeptFile(String path, String type, long sizeBytes, String reason, String cause,
            @JsonProperty("package") String pkg) {
    }

    public record InventoryState(boolean complete, List<String> incompleteReasons) {
    }
}
