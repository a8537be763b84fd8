import dev.slimline.rootfs.ImageIndex;
import dev.slimline.rootfs.ImageIndexer;
import dev.slimline.rootfs.KeepSet;
import dev.slimline.rootfs.KeepSetBuilder;
import dev.slimline.rootfs.RootfsLimits;
import dev.slimline.rootfs.TarFilter;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The build's filter over a local copy of an image export, both ways, alternately: one pass over
 * the whole copy (every header read, the rest skipped), and only the kept entries, read from where
 * the index saw them. The output goes nowhere, so only the filter's own cost counts. Prints the
 * median of each.
 *
 *   java -cp target/classes:<dependencies> bench/rootfs/FilterBench.java EXPORT.tar RUNS PATH...
 */
public class FilterBench {

    public static void main(String[] args) throws Exception {
        Path tar = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        List<String> observed = List.of(args).subList(2, args.length);
        ImageIndex index;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
            index = ImageIndexer.index(in, RootfsLimits.DEFAULT);
        }
        KeepSet keep = new KeepSetBuilder(index).observed(observed).build();
        long[] onePass = new long[runs];
        long[] byIndex = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try (InputStream in = Files.newInputStream(tar)) {
                TarFilter.filter(in, keep, OutputStream.nullOutputStream(), RootfsLimits.DEFAULT);
            }
            onePass[i] = System.nanoTime() - start;
            start = System.nanoTime();
            try (FileChannel copy = FileChannel.open(tar)) {
                TarFilter.filter(copy, index, keep, OutputStream.nullOutputStream());
            }
            byIndex[i] = System.nanoTime() - start;
        }
        System.out.printf("export: %s, %d entries; keeping %d of them for %s%n", tar, index.size(), keep.size(),
                observed);
        System.out.printf("one pass over the copy:        median %d ms%n", median(onePass));
        System.out.printf("kept entries where indexed:    median %d ms%n", median(byIndex));
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000_000;
    }
}
