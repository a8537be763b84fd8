package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.inventory.InventorySummary;
import dev.slimline.inventory.InventorySummary.Counts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageChartTest {

    private static final long MIB = 1 << 20;

    private static InventorySummary summary(Counts all, Map<String, Counts> byEcosystem) {
        return new InventorySummary(all, byEcosystem, 0, List.of(), true, List.of(), null);
    }

    @Test
    void eachEcosystemMostPackagesFirstThenAllOfThemOnSharedScales() {
        InventorySummary summary = summary(new Counts(200, 50),
                Map.of("pypi", new Counts(40, 10), "dpkg", new Counts(160, 40)));
        Map<String, DiffFacts.Bytes> bytes = Map.of("dpkg", new DiffFacts.Bytes(60 * MIB, 15 * MIB),
                "pypi", new DiffFacts.Bytes(20 * MIB, 5 * MIB));

        PackageChart chart = PackageChart.of(summary, bytes);

        assertThat(chart.withBytes()).isTrue();
        assertThat(chart.rows()).containsExactly(
                new PackageChart.Row("dpkg", new Bar(160, "160", 80), new Bar(40, "40", 20),
                        new Bar(60 * MIB, "60.0 MiB", 75), new Bar(15 * MIB, "15.0 MiB", 18.75)),
                new PackageChart.Row("pypi", new Bar(40, "40", 20), new Bar(10, "10", 5),
                        new Bar(20 * MIB, "20.0 MiB", 25), new Bar(5 * MIB, "5.0 MiB", 6.25)),
                new PackageChart.Row("all", new Bar(200, "200", 100), new Bar(50, "50", 25),
                        new Bar(80 * MIB, "80.0 MiB", 100), new Bar(20 * MIB, "20.0 MiB", 25)));
        assertThat(chart.rows().get(2).all()).isTrue();
        assertThat(chart.rows().get(0).all()).isFalse();
    }

    @Test
    void withoutTheDiffTheRowsHaveCountsOnly() {
        PackageChart chart = PackageChart.of(summary(new Counts(3, 1), Map.of("npm", new Counts(3, 1))), null);

        assertThat(chart.withBytes()).isFalse();
        assertThat(chart.rows()).containsExactly(
                new PackageChart.Row("npm", new Bar(3, "3", 100), new Bar(1, "1", 100.0 / 3), null, null),
                new PackageChart.Row("all", new Bar(3, "3", 100), new Bar(1, "1", 100.0 / 3), null, null));
    }

    @Test
    void packagesWithoutBytesAndNoneKeptShowEmptyBars() {
        // packages whose files are all counted with others, and none of which the slim image keeps
        PackageChart chart = PackageChart.of(summary(new Counts(2, 0), Map.of("maven", new Counts(2, 0))),
                Map.of());

        assertThat(chart.rows()).containsExactly(
                new PackageChart.Row("maven", new Bar(2, "2", 100), new Bar(0, "0", 0),
                        new Bar(0, "0 B", 0), new Bar(0, "0 B", 0)),
                new PackageChart.Row("all", new Bar(2, "2", 100), new Bar(0, "0", 0),
                        new Bar(0, "0 B", 0), new Bar(0, "0 B", 0)));
    }
}
