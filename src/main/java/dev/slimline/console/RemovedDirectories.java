package dev.slimline.console;

import dev.slimline.inventory.ImageDiff;
import java.util.Comparator;
import java.util.List;

/**
 * The top-level directories the slim image removed the most bytes from, largest first, as bars
 * on the scale of the largest.
 *
 * @param others how many more directories lost bytes, beyond those shown
 * @param othersBytes what they lost together (empty without others)
 */
record RemovedDirectories(List<Row> rows, int others, String othersBytes) {

    static final int SHOWN = 10;

    RemovedDirectories {
        rows = List.copyOf(rows);
    }

    /**
     * @param directory as {@code diff.json} names it: from the image, so any text at all
     * @param before the bytes it held in the original image
     */
    record Row(String directory, Bar removed, String before) {
    }

    /** Null when nothing was removed from any directory. */
    static RemovedDirectories of(List<ImageDiff.DirectoryTally> directories) {
        List<ImageDiff.DirectoryTally> removing = directories.stream().filter(d -> d.removedBytes() > 0)
                .sorted(Comparator.comparingLong(ImageDiff.DirectoryTally::removedBytes).reversed()
                        .thenComparing(ImageDiff.DirectoryTally::directory))
                .toList();
        if (removing.isEmpty()) {
            return null;
        }
        long scale = removing.get(0).removedBytes();
        List<Row> rows = removing.stream().limit(SHOWN).map(d -> new Row(d.directory(),
                Bar.bytes(d.removedBytes(), scale), Formats.bytes(d.keptBytes() + d.removedBytes()))).toList();
        List<ImageDiff.DirectoryTally> rest = removing.subList(rows.size(), removing.size());
        long restBytes = rest.stream().mapToLong(ImageDiff.DirectoryTally::removedBytes).sum();
        return new RemovedDirectories(rows, rest.size(), rest.isEmpty() ? "" : Formats.bytes(restBytes));
    }
}
