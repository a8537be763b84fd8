package dev.slimline.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.rootfs.EntryType;
import dev.slimline.rootfs.ImageEntry;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionInventoryTest {

    private static final String LIBC = "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12";
    private static final String EXPRESS = "pkg:npm/express@4.22.3";

    @Test
    void countsPackagesBeforeAndAfterPerEcosystem() throws IOException {
        InventorySummary summary = NodeAppFixture.slimmed().inventory().summary("ab12");

        assertThat(summary.packages()).isEqualTo(new InventorySummary.Counts(4, 3));
        assertThat(summary.byEcosystem()).isEqualTo(Map.of("dpkg", new InventorySummary.Counts(3, 2),
                "npm", new InventorySummary.Counts(1, 1)));
        assertThat(summary.complete()).isTrue();
        assertThat(summary.sbomSha256()).isEqualTo("ab12");
    }

    @Test
    void eachFileIsCountedOnceSoPackagesAndUnownedFilesAddUpToTheKeptBytes() throws IOException {
        ImageDiff diff = NodeAppFixture.slimmed().inventory().diff();

        // libc.so.6 1000 + index.js 300 + server.js 50
        assertThat(diff.totals().keptBytes()).isEqualTo(1350);
        assertThat(diff.byPackage().stream().mapToLong(ImageDiff.PackageTally::keptBytes).sum()
                + diff.unowned().keptBytes()).isEqualTo(1350);
        assertThat(diff.unowned().keptBytes()).isEqualTo(50);
        assertThat(diff.byPackage()).filteredOn(p -> p.name().equals("express")).singleElement()
                .satisfies(p -> {
                    assertThat(p.keptFiles()).isEqualTo(1);
                    assertThat(p.keptBytes()).isEqualTo(300);
                    assertThat(p.removedFiles()).isEqualTo(2);
                    assertThat(p.removedBytes()).isEqualTo(2000 + 58);
                });
        assertThat(diff.byPackage()).filteredOn(p -> p.name().equals("node-express")).singleElement()
                .satisfies(p -> {
                    assertThat(p.keptBytes()).as("its file is counted with npm's express").isZero();
                    assertThat(p.sharedFiles()).isEqualTo(1);
                });
    }

    @Test
    void theTopPackagesAreThoseThatKeptTheMostBytes() throws IOException {
        InventorySummary summary = NodeAppFixture.slimmed().inventory().summary(null);

        assertThat(summary.topPackages()).extracting(InventorySummary.TopPackage::purl).containsExactly(LIBC, EXPRESS);
        assertThat(summary.topPackages().get(0).keptBytes()).isEqualTo(1000);
        assertThat(summary.removedBytes()).isEqualTo(500 + 10_000 + 2000 + 58 + NodeAppFixture.slimmed().indexed()
                .index().entry("/var/lib/dpkg/status").orElseThrow().size() + sizesOfDpkgFilesAndOsRelease());
    }

    private static long sizesOfDpkgFilesAndOsRelease() throws IOException {
        var index = NodeAppFixture.slimmed().indexed().index();
        return index.entries().stream().filter(e -> e.path().startsWith("/var/lib/dpkg/info/")
                || e.path().equals("/etc/os-release")).mapToLong(e -> e.size()).sum();
    }

    @Test
    void theDiffGoesByTopLevelDirectoryListsTheLargestRemovedFilesAndWhyEachPathWasKept() throws IOException {
        ImageDiff diff = NodeAppFixture.slimmed().inventory().diff();

        assertThat(diff.byTopLevelDirectory()).filteredOn(d -> d.directory().equals("/usr")).singleElement()
                .satisfies(d -> {
                    assertThat(d.keptBytes()).isEqualTo(1000);
                    assertThat(d.removedBytes()).isEqualTo(500);
                });
        assertThat(diff.largestRemoved().get(0)).isEqualTo(new ImageDiff.RemovedFile("/opt/app/big.bin", 10_000, null));
        assertThat(diff.largestRemoved().get(1)).isEqualTo(
                new ImageDiff.RemovedFile(NodeAppFixture.EXPRESS + "README.md", 2000, EXPRESS));
        assertThat(diff.kept()).filteredOn(k -> k.path().equals("/lib")).singleElement()
                .satisfies(k -> assertThat(k.reason()).isEqualTo("symlink"));
        assertThat(diff.kept()).filteredOn(k -> k.path().equals("/opt/app/server.js")).singleElement()
                .isEqualTo(new ImageDiff.KeptFile("/opt/app/server.js", "file", 50, "observed", null, null));
        assertThat(diff.kept()).filteredOn(k -> k.path().equals("/usr/lib/x86_64-linux-gnu/libc.so.6"))
                .singleElement().satisfies(k -> assertThat(k.pkg()).isEqualTo(LIBC));
    }

    @Test
    void topLevelDirectories() {
        assertThat(SelectionInventory.topLevel(entry("/usr/bin/ls", EntryType.FILE))).isEqualTo("/usr");
        assertThat(SelectionInventory.topLevel(entry("/usr", EntryType.DIRECTORY))).isEqualTo("/usr");
        assertThat(SelectionInventory.topLevel(entry("/app.jar", EntryType.FILE))).isEqualTo("/");
        assertThat(SelectionInventory.topLevel(entry("/lib", EntryType.SYMLINK))).isEqualTo("/");
    }

    private static ImageEntry entry(String path, EntryType type) {
        return new ImageEntry(path, type, null, 0, 0755, 0, 0, null, null);
    }
}
