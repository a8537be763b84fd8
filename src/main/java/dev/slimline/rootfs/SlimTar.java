package dev.slimline.rootfs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The slim rootfs tar as it is written, and the account of it: what was kept and dropped, the
 * largest files, and the notes. Both ways of filtering (the export read again as a stream, or a
 * local copy read where the index saw each kept entry) write through it, so they judge hard links,
 * missing paths and the end of the archive alike.
 */
final class SlimTar {

    /** How many of the largest kept files the report names. */
    static final int LARGEST = 20;
    private static final int MAX_NOTES = 200;

    private final OutputStream out;
    private final KeepSet keep;
    private final Set<String> written = new HashSet<>();
    private final Set<String> unlinkable = new HashSet<>();
    private final PriorityQueue<FilterStats.SizedPath> largest = new PriorityQueue<>(
            Comparator.comparingLong(FilterStats.SizedPath::size));
    private final List<String> notes = new ArrayList<>();
    private int kept;
    private int dropped;
    private int rejected;
    private long keptBytes;
    private long droppedBytes;

    SlimTar(OutputStream out, KeepSet keep) {
        this.out = out;
        this.keep = keep;
    }

    /**
     * Whether an entry of the export goes into the slim image now, the caller then writing it and
     * saying so ({@link #wrote}); one that does not is counted as dropped. A kept hard link whose
     * target was not written before it does not: the importer could not create it, so it is left
     * out and noted.
     */
    boolean admits(String path, EntryType type, String link, long size, boolean rejectedName) {
        boolean admitted = !rejectedName && keep.contains(path);
        if (admitted && type == EntryType.HARDLINK && !written.contains(link)) {
            note("left out hard link " + path + ": its target " + link + " is not in the slim image before it");
            unlinkable.add(path);
            admitted = false;
        }
        if (!admitted) {
            dropped++;
            droppedBytes += size;
            rejected += rejectedName ? 1 : 0;
        }
        return admitted;
    }

    /** Counts an entry whose header blocks and content the caller has just written. */
    void wrote(String path, EntryType type, long size) {
        written.add(path);
        kept++;
        keptBytes += size;
        if (type == EntryType.FILE) {
            largest.add(new FilterStats.SizedPath(path, size));
            if (largest.size() > LARGEST) {
                largest.poll();
            }
        }
    }

    /**
     * Checks that every kept path was written (or left out as an unlinkable hard link), adds
     * {@code /tmp} when the keep set asks for it, and ends the archive (flushed, not closed).
     *
     * @throws RootfsException when a kept path never came: the export is not the one indexed
     */
    FilterStats finish() throws IOException {
        List<String> missing = keep.kept().stream().map(KeepSet.Kept::path)
                .filter(p -> !written.contains(p) && !unlinkable.contains(p)).limit(5).toList();
        if (!missing.isEmpty()) {
            throw new RootfsException("the image export differs from the one indexed: kept paths such as "
                    + String.join(", ", missing) + " are not in it");
        }
        if (keep.synthesizeTmp()) {
            out.write(TarFilter.tmpDirectoryHeader());
            kept++;
        }
        out.write(new byte[2 * TarReader.BLOCK]);
        out.flush();
        List<FilterStats.SizedPath> largestFirst = new ArrayList<>(largest);
        largestFirst.sort(Comparator.comparingLong(FilterStats.SizedPath::size).reversed());
        return new FilterStats(kept, keptBytes, dropped, droppedBytes, rejected, largestFirst, keep.reasonCounts(),
                notes, keep.synthesizeTmp());
    }

    private void note(String note) {
        if (notes.size() < MAX_NOTES) {
            notes.add(note);
        }
    }
}
