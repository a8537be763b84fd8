package dev.slimline.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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

    private static final int COPY_BUFFER = 64 * 1024;

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
        SlimTar slim = new SlimTar(out, keep);
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            if (slim.admits(e.path(), e.type(), e.link(), e.size(), e.isRejected())) {
                out.write(e.rawHeader());
                reader.copyContent(out);
                slim.wrote(e.path(), e.type(), e.size());
            }
        }
        return slim.finish();
    }

    /**
     * The same filter over a local copy of the export the index was made from, reading only what it
     * keeps: each kept entry is copied from where the index saw it, in the export's order, so the
     * output is the one-pass filter's, byte for byte, without walking the headers of everything
     * left out.
     *
     * @param export the very bytes {@code index} was made from
     * @throws RootfsException when the copy ends early, or the keep set holds a path the index does not
     */
    public static FilterStats filter(FileChannel export, ImageIndex index, KeepSet keep, OutputStream out)
            throws IOException {
        SlimTar slim = new SlimTar(out, keep);
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        for (TarSpan span : index.spans()) {
            if (slim.admits(span.path(), span.type(), span.link(), span.size(), span.rejected())) {
                copy(export, span, buffer, out);
                slim.wrote(span.path(), span.type(), span.size());
            }
        }
        return slim.finish();
    }

    private static void copy(FileChannel export, TarSpan span, ByteBuffer buffer, OutputStream out)
            throws IOException {
        long position = span.offset();
        long end = span.offset() + span.length();
        while (position < end) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), end - position));
            int n = export.read(buffer, position);
            if (n < 0) {
                throw new RootfsException("the local copy of the export ends inside " + span.path());
            }
            out.write(buffer.array(), 0, n);
            position += n;
        }
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
}
