package dev.slimline.rootfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pass 1 of slimming: reads the export tar of a never-started container of the original image as a
 * stream and records every entry's metadata, without keeping file content.
 *
 * <p>Memory stays bounded whatever the image's size: per entry only metadata is kept (a 1 GB image
 * with 56,000 entries makes an index of a few MB). ELF files are read in a streaming way: of each
 * regular file the first 64 bytes decide whether it is ELF; of an ELF file the first
 * {@link RootfsLimits#elfScanBytes()} bytes are held (program headers, interpreter and, in every
 * linker layout seen in practice, the dynamic string table), and when the dynamic segment lies
 * beyond them, as in large libraries where it comes after the code, the reader skips ahead and
 * captures just that segment (at most {@value #MAX_DYNAMIC_BYTES} bytes). So at most one file's
 * scan buffer is in memory at a time. A library whose dynamic strings still fall outside both is
 * indexed with an {@linkplain ElfInfo#complete() incomplete} ElfInfo and a note; the files it loads
 * are usually observed by the sensor anyway. Loader configuration files ({@code /etc/ld.so.conf},
 * {@code /etc/ld.so.conf.d/*}, {@code /etc/ld-musl-*.path}) are captured up to
 * {@link RootfsLimits#maxConfigBytes()} each to resolve libraries later.
 */
public final class ImageIndexer {

    static final int MAX_DYNAMIC_BYTES = 64 * 1024;
    private static final int MAX_NOTES = 200;
    private static final int MAX_LOADER_CONFIG_FILES = 256;
    private static final int MAGIC_BYTES = 64;
    /** What the kernel reads of a file to find its {@code #!} line (BINPRM_BUF_SIZE since Linux 5.1). */
    private static final int HEAD_BYTES = 256;

    private ImageIndexer() {
    }

    /**
     * Indexes an image tar; reads it up to its end-of-archive marker and does not close it.
     *
     * @throws RootfsLimitException when the tar exceeds a limit
     * @throws RootfsException when it is not a readable tar
     */
    public static ImageIndex index(InputStream exportTar, RootfsLimits limits) throws IOException {
        return index(exportTar, limits, IndexListener.NONE);
    }

    /** Indexes an image tar and shows {@code listener} every entry on the way (see {@link IndexListener}). */
    public static ImageIndex index(InputStream exportTar, RootfsLimits limits, IndexListener listener)
            throws IOException {
        TarReader reader = new TarReader(exportTar, limits);
        Map<String, ImageEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> loaderConfig = new HashMap<>();
        Notes notes = new Notes();
        long totalBytes = 0;
        List<TarSpan> spans = new ArrayList<>();
        long offset = 0;
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            long length = e.rawHeader().length + e.size() + TarReader.padding(e.size());
            spans.add(new TarSpan(offset, length, e.path(), e.type(), e.link(), e.size(), e.isRejected()));
            offset += length;
            if (e.isRejected()) {
                notes.add("left out entry " + e.name() + ": " + e.rejection());
                continue;
            }
            totalBytes += e.size();
            ElfInfo elf = null;
            String interpreter = null;
            InputStream content = InputStream.nullInputStream();
            if (e.type() == EntryType.FILE) {
                if (isLoaderConfig(e.path())) {
                    if (e.size() > limits.maxConfigBytes() || loaderConfig.size() >= MAX_LOADER_CONFIG_FILES) {
                        notes.add("loader configuration " + e.path() + " too large or too many; not read");
                    } else {
                        loaderConfig.put(e.path(), reader.content().readNBytes((int) e.size()));
                    }
                } else if (e.size() >= 2) {
                    byte[] start = reader.content().readNBytes((int) Math.min(e.size(), HEAD_BYTES));
                    if (start.length >= MAGIC_BYTES && ElfReader.isElf(start)) {
                        elf = readElf(start, reader.content(), e, limits, notes);
                    } else {
                        if ((e.mode() & 0111) != 0) {
                            interpreter = Shebang.interpreter(start, start.length == e.size());
                        }
                        content = new SequenceInputStream(new ByteArrayInputStream(start), reader.content());
                    }
                } else {
                    content = reader.content();
                }
            }
            ImageEntry entry = new ImageEntry(e.path(), e.type(), e.link(), e.size(), e.mode() & 07777, e.uid(),
                    e.gid(), elf, interpreter);
            entries.remove(e.path());
            entries.put(e.path(), entry);
            listener.entry(entry, content);
        }
        return new ImageIndex(entries, loaderConfig, totalBytes, notes.list(), spans);
    }

    /** @param start the file's first bytes, already read from {@code content} */
    private static ElfInfo readElf(byte[] start, InputStream content, TarEntry e, RootfsLimits limits, Notes notes)
            throws IOException {
        int headLength = (int) Math.max(start.length, Math.min(e.size(), limits.elfScanBytes()));
        byte[] head = new byte[headLength];
        System.arraycopy(start, 0, head, 0, start.length);
        content.readNBytes(head, start.length, headLength - start.length);
        try {
            long extraOffset = 0;
            byte[] extra = null;
            Optional<ElfReader.Range> dynamic = ElfReader.dynamicSegment(e.size(), head);
            if (dynamic.isPresent() && dynamic.get().offset() >= headLength) {
                ElfReader.Range d = dynamic.get();
                content.skipNBytes(d.offset() - headLength);
                extraOffset = d.offset();
                extra = content.readNBytes((int) Math.min(d.length(), MAX_DYNAMIC_BYTES));
            }
            Optional<ElfInfo> info = ElfReader.read(e.size(), head, extraOffset, extra);
            if (info.isPresent() && !info.get().complete()) {
                notes.add("ELF file " + e.path() + ": some of its dynamic section lies beyond the first "
                        + limits.elfScanBytes() + " bytes; the libraries it needs may be incomplete");
            }
            return info.orElse(null);
        } catch (MalformedElfException ex) {
            notes.add("ELF file " + e.path() + " is malformed: " + ex.getMessage());
            return null;
        }
    }

    private static boolean isLoaderConfig(String path) {
        return path.equals("/etc/ld.so.conf") || "/etc/ld.so.conf.d".equals(ArchivePaths.parent(path))
                || (path.startsWith("/etc/ld-musl-") && path.endsWith(".path") && path.indexOf('/', 5) < 0);
    }

    /** Notes for the report, the first {@value #MAX_NOTES} of them and a count of the rest. */
    private static final class Notes {
        private final List<String> list = new ArrayList<>();
        private int dropped;

        void add(String note) {
            if (list.size() < MAX_NOTES) {
                list.add(note);
            } else {
                dropped++;
            }
        }

        List<String> list() {
            if (dropped == 0) {
                return list;
            }
            List<String> out = new ArrayList<>(list);
            out.add("... and " + dropped + " more");
            return out;
        }
    }
}
