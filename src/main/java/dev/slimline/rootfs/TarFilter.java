package dev.slimline.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Pass 2 of slimming: streams the export tar again and writes a rootfs tar holding only the kept
 * entries, for {@code POST /images/create?fromSrc=-} (docker import).
 *
 * <p>Kept entries are copied block for block: their header blocks (PAX extended headers with
 * xattrs such as {@code security.capability}, GNU long names, mode with setuid/setgid/sticky,
 * owners and owner names, times, link names, device numbers) and their content, in the export's
 * order, so directories still come before what they hold. Only the end-of-archive blocks and an
 * empty {@code tmp/} (when the image has no {@code /tmp}) are of our own making; the latter is written
 * with commons-compress in POSIX (PAX) mode. File content only ever comes from the export.
 *
 * <p>The same {@link RootfsLimits} apply as in pass 1. A kept hard link whose target was not written
 * before it is left out (the importer could not create it) and noted. A kept path that does not
 * appear in the stream means the export differs from the one indexed, and fails the filter.
 */
public final class TarFilter {

    static final int LARGEST = 20;
    private static final int MAX_NOTES = 200;

    private TarFilter() {
    }

    /**
     * Writes the slim rootfs tar to {@code out} (flushed, not closed) and reads the export up to its
     * end-of-archive marker (not closed).
     *
     * @throws RootfsLimitException when the export exceeds a limit
     * @throws RootfsException when it is not a readable tar, or not the one the keep set was made from
     */
    public static FilterStats filter(InputStream exportTar, KeepSet keep, OutputStream out, RootfsLimits limits)
            throws IOException {
        TarReader reader = new TarReader(exportTar, limits);
        Set<String> written = new HashSet<>();
        Set<String> unlinkable = new HashSet<>();
        PriorityQueue<FilterStats.SizedPath> largest = new PriorityQueue<>(
                Comparator.comparingLong(FilterStats.SizedPath::size));
        List<String> notes = new ArrayList<>();
        int kept = 0;
        int dropped = 0;
        int rejected = 0;
        long keptBytes = 0;
        long droppedBytes = 0;
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            boolean keepIt = !e.isRejected() && keep.contains(e.path());
            if (keepIt && e.type() == EntryType.HARDLINK && !written.contains(e.link())) {
                note(notes, "left out hard link " + e.path() + ": its target " + e.link()
                        + " is not in the slim image before it");
                unlinkable.add(e.path());
                keepIt = false;
            }
            if (!keepIt) {
                dropped++;
                droppedBytes += e.size();
                rejected += e.isRejected() ? 1 : 0;
                continue;
            }
            out.write(e.rawHeader());
            reader.copyContent(out);
            written.add(e.path());
            kept++;
            keptBytes += e.size();
            if (e.type() == EntryType.FILE) {
                largest.add(new FilterStats.SizedPath(e.path(), e.size()));
                if (largest.size() > LARGEST) {
                    largest.poll();
                }
            }
        }
        List<String> missing = keep.kept().stream().map(KeepSet.Kept::path)
                .filter(p -> !written.contains(p) && !unlinkable.contains(p)).limit(5).toList();
        if (!missing.isEmpty()) {
            throw new RootfsException("the image export differs from the one indexed: kept paths such as "
                    + String.join(", ", missing) + " are not in it");
        }
        if (keep.synthesizeTmp()) {
            out.write(tmpDirectoryHeader());
            kept++;
        }
        out.write(new byte[2 * TarReader.BLOCK]);
        out.flush();
        List<FilterStats.SizedPath> largestFirst = new ArrayList<>(largest);
        largestFirst.sort(Comparator.comparingLong(FilterStats.SizedPath::size).reversed());
        return new FilterStats(kept, keptBytes, dropped, droppedBytes, rejected, largestFirst, keep.reasonCounts(),
                notes, keep.synthesizeTmp());
    }

    /** Header blocks of an empty {@code tmp/} directory, mode 1777, root:root, as Docker writes directories. */
    static byte[] tmpDirectoryHeader() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry tmp = new TarArchiveEntry("tmp/");
            tmp.setMode(040000 | 01777);
            tmp.setIds(0, 0);
            tmp.setNames("root", "root");
            tmp.setModTime(0);
            tar.putArchiveEntry(tmp);
            tar.closeArchiveEntry();
            tar.finish();
        }
        byte[] all = buffer.toByteArray();
        int end = 0;
        while (end + TarReader.BLOCK <= all.length && !isZero(all, end)) {
            end += TarReader.BLOCK;
        }
        byte[] header = new byte[end];
        System.arraycopy(all, 0, header, 0, end);
        return header;
    }

    private static boolean isZero(byte[] bytes, int offset) {
        for (int i = offset; i < offset + TarReader.BLOCK; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void note(List<String> notes, String note) {
        if (notes.size() < MAX_NOTES) {
            notes.add(note);
        }
    }
}
