package dev.slimline.console;

import dev.slimline.inventory.InventorySummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The packages of the original image and those with a file in the slim one, per ecosystem and
 * in all: how many, and (from {@code diff.json}) the bytes of their files. All count bars share
 * one scale, as do all byte bars, so the rows compare.
 *
 * @param rows the ecosystems, most packages first, then the row of all of them
 * @param withBytes false when {@code diff.json} could not be read: the rows have no byte bars
 */
record PackageChart(List<Row> rows, boolean withBytes) {

    static final String ALL = "all";

    PackageChart {
        rows = List.copyOf(rows);
    }

    /** @param bytesBefore null (as is bytesAfter) without {@code diff.json} */
    record Row(String ecosystem, Bar countBefore, Bar countAfter, Bar bytesBefore, Bar bytesAfter) {

        public boolean all() {
            return ALL.equals(ecosystem);
        }
    }

    /** @param bytes per ecosystem; null when {@code diff.json} could not be read */
    static PackageChart of(InventorySummary summary, Map<String, DiffFacts.Bytes> bytes) {
        long countScale = summary.packages().before();
        long bytesScale = 0;
        long allBytesBefore = 0;
        long allBytesAfter = 0;
        for (Map.Entry<String, InventorySummary.Counts> e : summary.byEcosystem().entrySet()) {
            countScale = Math.max(countScale, Math.max(e.getValue().before(), e.getValue().after()));
        }
        if (bytes != null) {
            for (DiffFacts.Bytes b : bytes.values()) {
                allBytesBefore += b.before();
                allBytesAfter += b.after();
            }
            bytesScale = Math.max(allBytesBefore, allBytesAfter);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, InventorySummary.Counts> e : summary.byEcosystem().entrySet()) {
            DiffFacts.Bytes b = bytes == null ? null : bytes.getOrDefault(e.getKey(), new DiffFacts.Bytes(0, 0));
            rows.add(row(e.getKey(), e.getValue(), b, countScale, bytesScale));
        }
        rows.sort(Comparator.comparingLong((Row r) -> r.countBefore().value()).reversed()
                .thenComparing(Row::ecosystem));
        rows.add(row(ALL, summary.packages(), bytes == null ? null : new DiffFacts.Bytes(allBytesBefore, allBytesAfter),
                countScale, bytesScale));
        return new PackageChart(rows, bytes != null);
    }

    private static Row row(String ecosystem, InventorySummary.Counts counts, DiffFacts.Bytes bytes, long countScale,
            long bytesScale) {
        return new Row(ecosystem, Bar.count(counts.before(), countScale), Bar.count(counts.after(), countScale),
                bytes == null ? null : Bar.bytes(bytes.before(), bytesScale),
                bytes == null ? null : Bar.bytes(bytes.after(), bytesScale));
    }
}
