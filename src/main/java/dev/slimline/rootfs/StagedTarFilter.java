package dev.slimline.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pass 2 of slimming in two stages, so most of the slim rootfs reaches the importer while the
 * export is still being read, instead of after it.
 *
 * <ol>
 * <li>{@link #writeEarly}, while the export streams in: the regular files the application was
 *     seen using, which every keep set made from that observation holds, are written as they
 *     pass. A path the application used through a symlink ({@code /lib/...} in a merged-/usr
 *     image) also names where that symlink leads, once the symlink has passed. Every other
 *     entry's place in the export is remembered.
 * <li>{@link #finish}, once the keep set is final: the remembered entries it keeps are read back
 *     from the local copy of the export and written, in the export's order, then the end of the
 *     archive.
 * </ol>
 *
 * <p>Entries are copied block for block as {@link TarFilter} copies them. The order differs from
 * the export's: the early files come before their directories, which the importer creates as
 * needed and then gives their own owners, modes and times when their entries come. A hard link
 * always follows its target, which is a regular file written early or an entry before it.
 */
public final class StagedTarFilter {

    private static final int COPY_BUFFER = 64 * 1024;

    private final RootfsLimits limits;
    private final SlimTar slim;
    private final List<Passed> passed = new ArrayList<>();
    private final Set<String> early = new HashSet<>();
    private boolean exportRead;

    /** Where an entry the early stage did not write lies in the export. */
    private record Passed(long offset, long length, String path, EntryType type, String link, long size,
            boolean rejected) {
    }

    public StagedTarFilter(OutputStream out, RootfsLimits limits) {
        this.slim = new SlimTar(out);
        this.limits = limits;
    }

    /**
     * Stage 1: reads the export to its end-of-archive marker (not closed), writing each regular file
     * whose path is in {@code observedFiles} as it passes, unless an exclude pattern matches the path
     * as it is. (One that matches only where a symlink leads is for {@link #finish} to find.)
     *
     * @param excludes the job's exclude patterns, as {@link KeepSetBuilder#exclude} takes them
     * @throws RootfsLimitException when the export exceeds a limit
     * @throws RootfsException when it is not a readable tar
     * @throws IllegalArgumentException when an exclude pattern is malformed
     */
    public void writeEarly(InputStream export, Set<String> observedFiles, List<String> excludes) throws IOException {
        List<Glob> excluded = excludes.stream().map(Glob::compile).toList();
        NavigableSet<String> wanted = new TreeSet<>(observedFiles);
        TarReader reader = new TarReader(export, limits);
        OutputStream out = slim.out();
        long offset = 0;
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            long length = e.rawHeader().length + e.size() + padding(e.size());
            String path = e.path();
            if (!e.isRejected() && e.type() == EntryType.SYMLINK) {
                alias(wanted, path, e.link());
            }
            if (!e.isRejected() && e.type() == EntryType.FILE && wanted.contains(path)
                    && excluded.stream().noneMatch(glob -> glob.matches(path))) {
                out.write(e.rawHeader());
                reader.copyContent(out);
                slim.wrote(e.path(), e.type(), e.size());
                early.add(e.path());
            } else {
                passed.add(new Passed(offset, length, e.path(), e.type(), e.link(), e.size(), e.isRejected()));
            }
            offset += length;
        }
        exportRead = true;
    }

    /**
     * Adds, for each wanted path through {@code link}, the path it names where the link leads. The
     * keep set resolves paths with the whole index; this sees only the symlinks so far, so a path
     * added here may lead through another link and match no file, but one that matches a file is
     * the path the keep set resolves to.
     */
    private static void alias(NavigableSet<String> wanted, String link, String target) {
        String leadsTo = lexical(target.startsWith("/") ? target : ArchivePaths.parent(link) + "/" + target);
        List<String> through = new ArrayList<>(wanted.subSet(link + "/", true, link + "0", false));
        if (wanted.contains(link)) {
            through.add(link);
        }
        for (String path : through) {
            String rest = path.substring(link.length());
            wanted.add(leadsTo.equals(ArchivePaths.ROOT) && !rest.isEmpty() ? rest : leadsTo + rest);
        }
    }

    /** An absolute path with {@code .}, {@code ..} and empty components worked out as the kernel does. */
    private static String lexical(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? ArchivePaths.ROOT : "/" + String.join("/", parts);
    }

    /** How many entries the early stage wrote. */
    public int earlyEntries() {
        return early.size();
    }

    /**
     * Stage 2: writes what else {@code keep} holds, read back from {@code export} (the same bytes
     * stage 1 read), and ends the archive (flushed, not closed).
     *
     * @throws RootfsException when the keep set lacks a file written early (an exclude pattern that
     *     only matches after resolving symlinks can do that; the rootfs must then be filtered again
     *     in one pass), or holds a path the export does not
     */
    public FilterStats finish(FileChannel export, KeepSet keep) throws IOException {
        if (!exportRead) {
            throw new IllegalStateException("the early stage has not read the export to its end");
        }
        List<String> unwanted = early.stream().filter(path -> !keep.contains(path)).sorted().limit(5).toList();
        if (!unwanted.isEmpty()) {
            throw new RootfsException("files written before the keep set was final are not in it: "
                    + String.join(", ", unwanted));
        }
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        for (Passed p : passed) {
            if (!p.rejected() && keep.contains(p.path()) && slim.canWrite(p.path(), p.type(), p.link())) {
                copy(export, p.offset(), p.length(), buffer);
                slim.wrote(p.path(), p.type(), p.size());
            } else {
                slim.dropped(p.size(), p.rejected());
            }
        }
        return slim.finish(keep);
    }

    private void copy(FileChannel export, long offset, long length, ByteBuffer buffer) throws IOException {
        long position = offset;
        long end = offset + length;
        while (position < end) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), end - position));
            int n = export.read(buffer, position);
            if (n < 0) {
                throw new RootfsException("the local copy of the export ends inside an entry it held before");
            }
            slim.out().write(buffer.array(), 0, n);
            position += n;
        }
    }

    private static long padding(long size) {
        return (TarReader.BLOCK - size % TarReader.BLOCK) % TarReader.BLOCK;
    }
}
