package dev.slimline.console;

import dev.slimline.inventory.InventorySummary;
import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.Phase;

/**
 * What the job page shows of an ended job's package inventory and {@code diff.json}: its packages
 * before and after, and the directories the slim image removed the most from; or a sentence
 * saying why it cannot.
 *
 * @param packagesNote said above the packages chart (an incomplete inventory) or in its place;
 *     null when the chart needs no word
 * @param packages null when there are no packages to chart
 * @param directoriesNote said in place of the directories chart; null when there is one, or
 *     when the packages' note already says there is no inventory at all
 * @param directories null when there is none to show
 */
record InventoryCharts(String packagesNote, PackageChart packages, String directoriesNote,
        RemovedDirectories directories) {

    static final String NO_PACKAGES = "No packages: the image holds no package database Slimline reads"
            + " (dpkg, apk, Python, npm or Maven).";
    static final String NO_DIFF = "No directories to show: the job has no readable diff.json.";
    static final String NOTHING_REMOVED = "The slim image removed no file from any directory.";

    /**
     * @param summary the job's inventory summary; null when the job has none
     * @param diff what {@code diff.json} holds; null when the job has none or it could not be read
     */
    static InventoryCharts of(JobStatus status, Phase failedIn, InventorySummary summary, DiffFacts diff) {
        if (summary == null) {
            return new InventoryCharts(missing(status, failedIn), null, null, null);
        }
        String incomplete = summary.complete() ? null
                : "The package inventory is incomplete, so the packages may be fewer than the image holds: "
                        + (summary.incompleteReasons().isEmpty() ? "no reason was recorded"
                                : String.join("; ", summary.incompleteReasons())) + ".";
        String packagesNote;
        PackageChart packages;
        if (summary.packages().before() == 0) {
            packagesNote = incomplete != null ? incomplete : NO_PACKAGES;
            packages = null;
        } else {
            packagesNote = incomplete;
            packages = PackageChart.of(summary, diff == null ? null : diff.packageBytes());
        }
        RemovedDirectories directories = diff == null ? null : RemovedDirectories.of(diff.directories());
        String directoriesNote = diff == null ? NO_DIFF : directories == null ? NOTHING_REMOVED : null;
        return new InventoryCharts(packagesNote, packages, directoriesNote, directories);
    }

    private static String missing(JobStatus status, Phase failedIn) {
        return switch (status) {
            case FAILED -> "No package inventory: the job failed" + (failedIn == null ? "" : " in " + failedIn)
                    + " before one was recorded.";
            case CANCELED -> "No package inventory: the job was canceled before one was recorded.";
            default -> "No package inventory was recorded for this job.";
        };
    }
}
