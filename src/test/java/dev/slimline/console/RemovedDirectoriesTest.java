package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.inventory.ImageDiff.DirectoryTally;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemovedDirectoriesTest {

    private static final long MIB = 1 << 20;

    @Test
    void largestFirstOnTheScaleOfTheLargestWithWhatEachHeld() {
        RemovedDirectories chart = RemovedDirectories.of(List.of(
                new DirectoryTally("/bin", 3, 2 * MIB, 0, 0),
                new DirectoryTally("/usr", 100, 10 * MIB, 400, 30 * MIB),
                new DirectoryTally("/var", 2, MIB / 2, 50, 15 * MIB)));

        assertThat(chart.rows()).containsExactly(
                new RemovedDirectories.Row("/usr", new Bar(30 * MIB, "30.0 MiB", 100), "40.0 MiB"),
                new RemovedDirectories.Row("/var", new Bar(15 * MIB, "15.0 MiB", 50), "15.5 MiB"));
        assertThat(chart.others()).isZero();
        assertThat(chart.othersBytes()).isEmpty();
    }

    @Test
    void showsTheTenLargestAndSumsUpTheRest() {
        List<DirectoryTally> directories = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            directories.add(new DirectoryTally("/d" + i, 0, 0, 1, i * 1024L));
        }

        RemovedDirectories chart = RemovedDirectories.of(directories);

        assertThat(chart.rows()).extracting(RemovedDirectories.Row::directory).containsExactly("/d13", "/d12",
                "/d11", "/d10", "/d9", "/d8", "/d7", "/d6", "/d5", "/d4");
        assertThat(chart.rows().get(9).removed()).isEqualTo(new Bar(4096, "4.0 KiB", 100.0 * 4 / 13));
        assertThat(chart.others()).isEqualTo(3);
        assertThat(chart.othersBytes()).isEqualTo("6.0 KiB");
    }

    @Test
    void equalSizesAreInTheOrderOfTheirNames() {
        RemovedDirectories chart = RemovedDirectories.of(List.of(new DirectoryTally("/opt", 0, 0, 1, 10),
                new DirectoryTally("/etc", 0, 0, 1, 10)));
        assertThat(chart.rows()).extracting(RemovedDirectories.Row::directory).containsExactly("/etc", "/opt");
    }

    @Test
    void directoriesThatLostNoBytesAreLeftOutAndWithoutAnyThereIsNoChart() {
        List<DirectoryTally> keptWhole = List.of(new DirectoryTally("/bin", 3, 2 * MIB, 0, 0),
                new DirectoryTally("/etc", 1, 10, 4, 0));
        assertThat(RemovedDirectories.of(keptWhole)).isNull();
        assertThat(RemovedDirectories.of(List.of())).isNull();
    }

    @Test
    void aTinyRemovalBesideAHugeOneStillShowsABar() {
        RemovedDirectories chart = RemovedDirectories.of(List.of(new DirectoryTally("/usr", 0, 0, 1, 1L << 40),
                new DirectoryTally("/tmp", 0, 0, 1, 1)));
        assertThat(chart.rows().get(1).removed()).isEqualTo(new Bar(1, "1 B", 0.5));
    }

    @Test
    void namesFromTheImageAreKeptAsTheyAre() {
        String name = "/<script>alert(\"x\")</script>";
        RemovedDirectories chart = RemovedDirectories.of(List.of(new DirectoryTally(name, 0, 0, 1, 5)));
        assertThat(chart.rows().get(0).directory()).isEqualTo(name);
    }
}
