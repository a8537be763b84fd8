import dev.slimline.inventory.CycloneDxSboms;
import dev.slimline.inventory.Inventory;
import dev.slimline.inventory.InventoryCollector;
import dev.slimline.inventory.InventoryLimits;
import dev.slimline.inventory.SelectionInventory;
import dev.slimline.rootfs.ImageIndex;
import dev.slimline.rootfs.ImageIndexer;
import dev.slimline.rootfs.KeepSet;
import dev.slimline.rootfs.KeepSetBuilder;
import dev.slimline.rootfs.RootfsLimits;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the package inventory adds to the indexing pass over an image export: the index alone and
 * the index with the inventory listening, alternately, from a file (so the engine's export speed
 * does not count); then the work after selection: weighing against a keep set, and both SBOMs
 * written and schema-validated.
 * Prints the median of each.
 *
 *   java -cp target/classes:<dependencies> bench/inventory/IndexBench.java EXPORT.tar [runs=5]
 */
public class IndexBench {

    public static void main(String[] args) throws Exception {
        Path tar = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long[] plain = new long[runs];
        long[] listened = new long[runs];
        long[] weighing = new long[runs];
        long[] sboms = new long[runs];
        Inventory inventory = null;
        ImageIndex index = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
                ImageIndexer.index(in, RootfsLimits.DEFAULT);
            }
            plain[i] = System.nanoTime() - start;
            start = System.nanoTime();
            InventoryCollector collector = new InventoryCollector(InventoryLimits.DEFAULT);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
                index = ImageIndexer.index(in, RootfsLimits.DEFAULT, collector);
            }
            inventory = collector.finish();
            listened[i] = System.nanoTime() - start;
            start = System.nanoTime();
            // a slim image of the image's shells and libraries stands in for a real selection
            KeepSet keep = new KeepSetBuilder(index).observed(List.of("/bin/sh", "/usr/bin/env")).build();
            SelectionInventory weighed = SelectionInventory.weigh(inventory, index, keep);
            weighing[i] = System.nanoTime() - start;
            start = System.nanoTime();
            CycloneDxSboms.original(weighed, new CycloneDxSboms.Subject("bench", null));
            CycloneDxSboms.slim(weighed, new CycloneDxSboms.Subject("bench.slim", null));
            sboms[i] = System.nanoTime() - start;
        }
        System.out.printf("export: %s, %d entries, %.1f MB of file content%n", tar, index.size(),
                index.totalBytes() / 1e6);
        System.out.printf("packages: %d (complete: %s)%n", inventory.packages().size(), inventory.complete());
        System.out.printf("index alone:               median %d ms%n", median(plain));
        System.out.printf("index with the inventory:  median %d ms%n", median(listened));
        System.out.printf("weighing against a keep set: median %d ms%n", median(weighing));
        System.out.printf("both SBOMs written and validated: median %d ms%n", median(sboms));
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000_000;
    }
}
