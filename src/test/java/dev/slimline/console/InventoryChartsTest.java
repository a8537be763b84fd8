package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.inventory.ImageDiff.DirectoryTally;
import dev.slimline.inventory.InventorySummary;
import dev.slimline.inventory.InventorySummary.Counts;
import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.Phase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryChartsTest {

    private static final DiffFacts DIFF = new DiffFacts(List.of(new DirectoryTally("/usr", 10, 4096, 90, 81920)),
            Map.of("dpkg", new DiffFacts.Bytes(50_000, 4_000)));

    private static InventorySummary summary(Counts all, Map<String, Counts> byEcosystem, boolean complete,
            List<String> reasons) {
        return new InventorySummary(all, byEcosystem, 81920, List.of(), complete, reasons, null);
    }

    @Test
    void aCompleteInventoryHasBothChartsAndNothingToExplain() {
        InventoryCharts charts = InventoryCharts.of(JobStatus.SUCCEEDED, null,
                summary(new Counts(90, 12), Map.of("dpkg", new Counts(90, 12)), true, List.of()), DIFF);

        assertThat(charts.packagesNote()).isNull();
        assertThat(charts.packages().rows()).extracting(PackageChart.Row::ecosystem).containsExactly("dpkg", "all");
        assertThat(charts.packages().rows().get(1).countBefore().label()).isEqualTo("90");
        assertThat(charts.packages().rows().get(1).bytesAfter().label()).isEqualTo("3.9 KiB");
        assertThat(charts.directoriesNote()).isNull();
        assertThat(charts.directories().rows()).extracting(r -> r.directory() + " " + r.removed().label())
                .containsExactly("/usr 80.0 KiB");
    }

    @Test
    void anImageWithoutPackagesSaysSoInsteadOfAnEmptyChart() {
        InventoryCharts charts = InventoryCharts.of(JobStatus.SUCCEEDED, null,
                summary(new Counts(0, 0), Map.of(), true, List.of()), DIFF);

        assertThat(charts.packages()).isNull();
        assertThat(charts.packagesNote()).startsWith("No packages: the image holds no package database");
        assertThat(charts.directories()).isNotNull();
    }

    @Test
    void anIncompleteInventoryShowsWhatWasReadWithWhyItIsIncomplete() {
        InventoryCharts charts = InventoryCharts.of(JobStatus.SUCCEEDED, null,
                summary(new Counts(5, 2), Map.of("dpkg", new Counts(5, 2)), false,
                        List.of("/var/lib/dpkg/status: larger than 16777216 bytes", "/usr/lib/x.jar: unreadable")),
                DIFF);

        assertThat(charts.packagesNote()).isEqualTo("The package inventory is incomplete, so the packages may be fewer"
                + " than the image holds: /var/lib/dpkg/status: larger than 16777216 bytes;"
                + " /usr/lib/x.jar: unreadable.");
        assertThat(charts.packages().rows()).extracting(r -> r.countBefore().value()).containsExactly(5L, 5L);
    }

    @Test
    void anIncompleteInventoryWithNothingReadIsOnlyTheReason() {
        InventoryCharts charts = InventoryCharts.of(JobStatus.SUCCEEDED, null,
                summary(new Counts(0, 0), Map.of(), false, List.of("/var/lib/dpkg/status: not a dpkg database")),
                DIFF);

        assertThat(charts.packages()).isNull();
        assertThat(charts.packagesNote()).isEqualTo("The package inventory is incomplete, so the packages may be fewer"
                + " than the image holds: /var/lib/dpkg/status: not a dpkg database.");
    }

    @Test
    void aJobThatEndedWithoutAnInventorySaysWhy() {
        InventoryCharts failed = InventoryCharts.of(JobStatus.FAILED, Phase.PROBE, null, null);
        assertThat(failed.packagesNote())
                .isEqualTo("No package inventory: the job failed in PROBE before one was recorded.");
        assertThat(failed.packages()).isNull();
        assertThat(failed.directories()).isNull();
        assertThat(failed.directoriesNote()).as("the one sentence says it").isNull();

        assertThat(InventoryCharts.of(JobStatus.CANCELED, null, null, null).packagesNote())
                .isEqualTo("No package inventory: the job was canceled before one was recorded.");
        assertThat(InventoryCharts.of(JobStatus.SUCCEEDED, null, null, null).packagesNote())
                .isEqualTo("No package inventory was recorded for this job.");
    }

    @Test
    void withoutTheDiffThePackagesHaveCountsAndTheDirectoriesAReason() {
        InventoryCharts charts = InventoryCharts.of(JobStatus.SUCCEEDED, null,
                summary(new Counts(3, 3), Map.of("npm", new Counts(3, 3)), true, List.of()), null);

        assertThat(charts.packages().withBytes()).isFalse();
        assertThat(charts.directories()).isNull();
        assertThat(charts.directoriesNote()).isEqualTo("No directories to show: the job has no readable diff.json.");
    }

    @Test
    void nothingRemovedIsSaidNotDrawn() {
        DiffFacts keptAll = new DiffFacts(List.of(new DirectoryTally("/app", 4, 100, 0, 0)), Map.of());
        InventoryCharts charts = InventoryCharts.of(JobStatus.SUCCEEDED, null,
                summary(new Counts(0, 0), Map.of(), true, List.of()), keptAll);

        assertThat(charts.directories()).isNull();
        assertThat(charts.directoriesNote()).isEqualTo("The slim image removed no file from any directory.");
    }
}
