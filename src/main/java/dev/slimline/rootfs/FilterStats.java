package dev.slimline.rootfs;

import java.util.List;
import java.util.Map;

/**
 * What pass 2 wrote, for the job's report.
 *
 * @param keptEntries entries written to the slim rootfs (a synthesized {@code /tmp} included)
 * @param keptBytes content bytes written
 * @param droppedEntries entries of the export left out
 * @param droppedBytes their content bytes
 * @param rejectedEntries entries left out because their names were unsafe (counted in dropped too)
 * @param largestKept the largest kept files, largest first
 * @param reasons how many kept paths each reason accounts for
 * @param notes entries skipped for a reason the report should show (bounded)
 * @param synthesizedTmp whether an empty {@code /tmp} was added because the image had none
 */
public record FilterStats(int keptEntries, long keptBytes, int droppedEntries, long droppedBytes,
        int rejectedEntries, List<SizedPath> largestKept, Map<KeepReason, Integer> reasons, List<String> notes,
        boolean synthesizedTmp) {

    public FilterStats {
        largestKept = List.copyOf(largestKept);
        reasons = Map.copyOf(reasons);
        notes = List.copyOf(notes);
    }

    public record SizedPath(String path, long size) {
    }
}
