package dev.slimline.inventory;

import dev.slimline.rootfs.EntryType;
import dev.slimline.rootfs.ImageEntry;
import dev.slimline.rootfs.ImageIndex;
import dev.slimline.rootfs.KeepSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * An image's inventory weighed against what the slim image keeps: per package, the files it
 * claims and which of them were kept; per top-level directory, what went; and the diff and
 * summary made of it. Sizes are those of the index, so they are the bytes the filter writes.
 */
public final class SelectionInventory {

    static final int LARGEST_REMOVED = 20;
    static final int TOP_PACKAGES = 5;
    /** The summary is stored with the job: a few reasons, each cut short; diff.json has them all. */
    private static final int SUMMARY_REASONS = 10;
    private static final int SUMMARY_REASON_LENGTH = 300;

    /**
     * One package with what the slim image keeps of it.
     *
     * @param files every file it claims (shared ones included), and their bytes
     * @param kept those of them the slim image keeps, and their bytes
     */
    record Weighed(InstalledPackage pkg, int files, long bytes, List<String> kept, long keptBytes) {

        boolean inSlimImage() {
            return !kept.isEmpty();
        }
    }

    private final Inventory inventory;
    private final List<Weighed> weighed;
    private final ImageDiff diff;

    private SelectionInventory(Inventory inventory, List<Weighed> weighed, ImageDiff diff) {
        this.inventory = inventory;
        this.weighed = List.copyOf(weighed);
        this.diff = diff;
    }

    public static SelectionInventory weigh(Inventory inventory, ImageIndex index, KeepSet keep) {
        PackageFiles files = PackageFiles.resolve(inventory, index);
        List<DeclaredPackage> packages = files.packages();
        List<Weighed> weighed = new ArrayList<>();
        long[][] counted = new long[packages.size()][5];
        for (int i = 0; i < packages.size(); i++) {
            List<String> kept = new ArrayList<>();
            long bytes = 0;
            long keptBytes = 0;
            for (String path : files.files(i)) {
                long size = index.entry(path).map(ImageEntry::size).orElse(0L);
                bytes += size;
                if (keep.contains(path)) {
                    kept.add(path);
                    keptBytes += size;
                }
                if (files.owner(path) != i) {
                    counted[i][4]++;
                }
            }
            weighed.add(new Weighed(packages.get(i).pkg(), files.files(i).size(), bytes, kept, keptBytes));
        }

        long[] totals = new long[4];
        long[] unowned = new long[4];
        Map<String, long[]> directories = new TreeMap<>();
        PriorityQueue<ImageEntry> largest = new PriorityQueue<>(Comparator.comparingLong(ImageEntry::size));
        List<ImageDiff.KeptFile> keptFiles = new ArrayList<>();
        for (ImageEntry entry : index.entries()) {
            boolean kept = keep.contains(entry.path());
            Integer owner = entry.isDirectory() ? null : files.owner(entry.path());
            int slot = kept ? 0 : 2;
            add(totals, slot, entry.size());
            add(directories.computeIfAbsent(topLevel(entry), d -> new long[4]), slot, entry.size());
            if (!entry.isDirectory()) {
                if (owner == null) {
                    add(unowned, slot, entry.size());
                } else {
                    counted[owner][slot]++;
                    counted[owner][slot + 1] += entry.size();
                }
            }
            if (kept) {
                KeepSet.Kept why = keep.get(entry.path()).orElseThrow();
                keptFiles.add(new ImageDiff.KeptFile(entry.path(), entry.type().name().toLowerCase(), entry.size(),
                        why.reason().name().toLowerCase(), why.cause(),
                        owner == null ? null : packages.get(owner).pkg().purl()));
            } else if (entry.type() == EntryType.FILE) {
                largest.add(entry);
                if (largest.size() > LARGEST_REMOVED) {
                    largest.poll();
                }
            }
        }
        List<ImageDiff.RemovedFile> largestRemoved = new ArrayList<>();
        while (!largest.isEmpty()) {
            ImageEntry e = largest.poll();
            Integer owner = files.owner(e.path());
            largestRemoved.add(0, new ImageDiff.RemovedFile(e.path(), e.size(),
                    owner == null ? null : packages.get(owner).pkg().purl()));
        }
        List<ImageDiff.PackageTally> byPackage = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            InstalledPackage p = packages.get(i).pkg();
            byPackage.add(new ImageDiff.PackageTally(p.purl(), p.ecosystem().label(), p.name(), p.version(),
                    (int) counted[i][0], counted[i][1], (int) counted[i][2], counted[i][3], (int) counted[i][4]));
        }
        List<ImageDiff.DirectoryTally> byDirectory = new ArrayList<>();
        directories.forEach((dir, t) -> byDirectory.add(new ImageDiff.DirectoryTally(dir, (int) t[0], t[1],
                (int) t[2], t[3])));
        ImageDiff diff = new ImageDiff(1, tally(totals), byDirectory, byPackage, tally(unowned), largestRemoved,
                keptFiles, new ImageDiff.InventoryState(inventory.complete(), inventory.incompleteReasons()));
        return new SelectionInventory(inventory, weighed, diff);
    }

    private static void add(long[] tally, int slot, long size) {
        tally[slot]++;
        tally[slot + 1] += size;
    }

    private static ImageDiff.Tally tally(long[] t) {
        return new ImageDiff.Tally((int) t[0], t[1], (int) t[2], t[3]);
    }

    /** {@code /usr/bin/ls} and {@code /usr} itself are under {@code /usr}; a file such as {@code /app.jar} under {@code /}. */
    static String topLevel(ImageEntry entry) {
        String path = entry.path();
        int slash = path.indexOf('/', 1);
        return slash > 0 ? path.substring(0, slash) : entry.isDirectory() ? path : "/";
    }

    public ImageDiff diff() {
        return diff;
    }

    List<Weighed> weighed() {
        return weighed;
    }

    /** The summary, with the SHA-256 of the slim image's SBOM (null when none was written). */
    public InventorySummary summary(String sbomSha256) {
        Map<String, int[]> byEcosystem = new TreeMap<>();
        int after = 0;
        for (Weighed w : weighed) {
            int[] counts = byEcosystem.computeIfAbsent(w.pkg().ecosystem().label(), e -> new int[2]);
            counts[0]++;
            if (w.inSlimImage()) {
                counts[1]++;
                after++;
            }
        }
        Map<String, InventorySummary.Counts> counts = new TreeMap<>();
        byEcosystem.forEach((e, c) -> counts.put(e, new InventorySummary.Counts(c[0], c[1])));
        List<InventorySummary.TopPackage> top = diff.byPackage().stream()
                .filter(p -> p.keptBytes() > 0)
                .sorted(Comparator.comparingLong(ImageDiff.PackageTally::keptBytes).reversed()
                        .thenComparing(ImageDiff.PackageTally::purl))
                .limit(TOP_PACKAGES)
                .map(p -> new InventorySummary.TopPackage(p.purl(), p.name(), p.version(), p.ecosystem(),
                        p.keptBytes(), p.keptFiles()))
                .toList();
        return new InventorySummary(new InventorySummary.Counts(weighed.size(), after), counts,
                diff.totals().removedBytes(), top, inventory.complete(), inventory.incompleteReasons().stream()
                        .limit(SUMMARY_REASONS)
                        .map(r -> r.length() <= SUMMARY_REASON_LENGTH ? r : r.substring(0, SUMMARY_REASON_LENGTH) + "...")
                        .toList(), sbomSha256);
    }
}
