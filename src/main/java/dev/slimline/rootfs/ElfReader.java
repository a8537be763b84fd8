package dev.slimline.rootfs;

import dev.slimline.names.ByteNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the loader-relevant parts of an ELF file (class, byte order, machine, {@code PT_INTERP},
 * {@code DT_NEEDED}, {@code DT_RPATH}, {@code DT_RUNPATH}) from bytes of an untrusted image.
 *
 * <p>It works on a partial view of the file: its first bytes ({@code head}) and optionally one more
 * range ({@code extra}, where the indexer captured the dynamic segment while streaming). Every
 * offset and size from the file is checked against the file's length before use and nothing is
 * allocated from a header value beyond {@link #MAX_STRING} bytes, so hostile headers end in a
 * {@link MalformedElfException}, never in another exception or a huge allocation. Data that the
 * view does not hold makes the result {@linkplain ElfInfo#complete() incomplete} instead.
 */
final class ElfReader {

    /** Longest interpreter path or dynamic string we read. */
    static final int MAX_STRING = 4096;

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    private ElfReader() {
    }

    /** A range of the file: where a segment's bytes are. */
    record Range(long offset, long length) {
    }

    static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /** The whole file is in memory. Empty when it is not ELF. */
    static Optional<ElfInfo> read(byte[] file) throws MalformedElfException {
        return read(file.length, file, 0, null);
    }

    /**
     * Reads from the first bytes of a file of {@code fileLength} bytes, plus {@code extra} found at
     * {@code extraOffset} (null for none). Empty when it is not ELF.
     */
    static Optional<ElfInfo> read(long fileLength, byte[] head, long extraOffset, byte[] extra)
            throws MalformedElfException {
        if (!isElf(head)) {
            return Optional.empty();
        }
        View view = new View(fileLength, head, extraOffset, extra);
        Header header = header(view);
        List<Segment> segments;
        try {
            segments = segments(view, header);
        } catch (Unavailable e) {
            return Optional.of(new ElfInfo(header.bits, header.little, header.machine, null, List.of(), List.of(),
                    List.of(), false));
        }
        boolean complete = true;
        String interpreter = null;
        List<String> needed = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        for (Segment s : segments) {
            if (s.type == PT_INTERP) {
                try {
                    interpreter = view.string(s.offset, Math.min(s.fileSize, MAX_STRING));
                } catch (Unavailable e) {
                    complete = false;
                }
            }
        }
        Segment dynamic = segments.stream().filter(s -> s.type == PT_DYNAMIC).findFirst().orElse(null);
        if (dynamic != null) {
            try {
                complete &= readDynamic(view, header, segments, dynamic, needed, rpath, runpath);
            } catch (Unavailable e) {
                complete = false;
            }
        }
        return Optional.of(new ElfInfo(header.bits, header.little, header.machine, interpreter, needed, rpath,
                runpath, complete));
    }

    /**
     * Where the dynamic segment is, so a streaming reader can capture it when it lies beyond the
     * head. Empty when the head does not hold the program headers or there is no dynamic segment.
     */
    static Optional<Range> dynamicSegment(long fileLength, byte[] head) throws MalformedElfException {
        if (!isElf(head)) {
            return Optional.empty();
        }
        View view = new View(fileLength, head, 0, null);
        try {
            return segments(view, header(view)).stream().filter(s -> s.type == PT_DYNAMIC).findFirst()
                    .map(s -> new Range(s.offset, s.fileSize));
        } catch (Unavailable e) {
            return Optional.empty();
        }
    }

    private record Header(int bits, boolean little, int machine, long phoff, int phentsize, int phnum) {
    }

    private record Segment(long type, long offset, long vaddr, long fileSize) {
    }

    private static Header header(View view) throws MalformedElfException {
        if (view.fileLength < 16 || view.head.length < 16) {
            throw new MalformedElfException("ELF file shorter than its identification bytes");
        }
        int bits = switch (view.head[4]) {
            case 1 -> 32;
            case 2 -> 64;
            default -> throw new MalformedElfException("unknown ELF class " + view.head[4]);
        };
        boolean little = switch (view.head[5]) {
            case 1 -> true;
            case 2 -> false;
            default -> throw new MalformedElfException("unknown ELF byte order " + view.head[5]);
        };
        view.little = little;
        int headerSize = bits == 64 ? 64 : 52;
        if (view.fileLength < headerSize) {
            throw new MalformedElfException("ELF file shorter than its header");
        }
        try {
            int machine = view.u16(18);
            long phoff = bits == 64 ? view.u64(32) : view.u32(28);
            int phentsize = view.u16(bits == 64 ? 54 : 42);
            int phnum = view.u16(bits == 64 ? 56 : 44);
            if (phnum > 0) {
                int minimum = bits == 64 ? 56 : 32;
                if (phentsize < minimum) {
                    throw new MalformedElfException("ELF program header entries of " + phentsize + " bytes");
                }
                view.checkRange(phoff, (long) phnum * phentsize, "program headers");
            }
            return new Header(bits, little, machine, phoff, phentsize, phnum);
        } catch (Unavailable e) {
            throw new MalformedElfException("ELF header not readable");
        }
    }

    private static List<Segment> segments(View view, Header h) throws MalformedElfException, Unavailable {
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < h.phnum; i++) {
            long at = h.phoff + (long) i * h.phentsize;
            long type = view.u32(at);
            long offset = h.bits == 64 ? view.u64(at + 8) : view.u32(at + 4);
            long vaddr = h.bits == 64 ? view.u64(at + 16) : view.u32(at + 8);
            long fileSize = h.bits == 64 ? view.u64(at + 32) : view.u32(at + 16);
            if (type == PT_LOAD || type == PT_DYNAMIC || type == PT_INTERP) {
                view.checkRange(offset, fileSize, "segment " + i);
                if (vaddr < 0) {
                    throw new MalformedElfException("ELF segment " + i + " has an address beyond 2^63");
                }
                segments.add(new Segment(type, offset, vaddr, fileSize));
            }
        }
        return segments;
    }

    /** Fills the lists from the dynamic section; false when some strings were beyond the view. */
    private static boolean readDynamic(View view, Header h, List<Segment> segments, Segment dynamic,
            List<String> needed, List<String> rpath, List<String> runpath) throws MalformedElfException, Unavailable {
        int entrySize = h.bits == 64 ? 16 : 8;
        long strtab = -1;
        long strsz = -1;
        List<long[]> strings = new ArrayList<>();
        for (long at = dynamic.offset; at + entrySize <= dynamic.offset + dynamic.fileSize; at += entrySize) {
            long tag = h.bits == 64 ? view.u64(at) : view.u32(at);
            long value = h.bits == 64 ? view.u64(at + 8) : view.u32(at + 4);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_STRTAB) {
                strtab = value;
            } else if (tag == DT_STRSZ) {
                strsz = value;
            } else if (tag == DT_NEEDED || tag == DT_RPATH || tag == DT_RUNPATH) {
                strings.add(new long[] {tag, value});
            }
        }
        if (strings.isEmpty()) {
            return true;
        }
        if (strtab < 0 || strsz < 0) {
            throw new MalformedElfException("ELF dynamic section names libraries but has no string table");
        }
        long strtabOffset = fileOffset(segments, strtab);
        view.checkRange(strtabOffset, strsz, "dynamic string table");
        boolean complete = true;
        for (long[] s : strings) {
            if (s[1] < 0 || s[1] >= strsz) {
                throw new MalformedElfException("ELF dynamic string offset " + s[1] + " outside its table");
            }
            String text;
            try {
                text = view.string(strtabOffset + s[1], Math.min(strsz - s[1], MAX_STRING));
            } catch (Unavailable e) {
                complete = false;
                continue;
            }
            if (s[0] == DT_NEEDED) {
                needed.add(text);
            } else {
                List<String> target = s[0] == DT_RPATH ? rpath : runpath;
                for (String dir : text.split(":")) {
                    if (!dir.isEmpty()) {
                        target.add(dir);
                    }
                }
            }
        }
        return complete;
    }

    private static long fileOffset(List<Segment> segments, long address) throws MalformedElfException {
        for (Segment s : segments) {
            if (s.type == PT_LOAD && address >= s.vaddr && address - s.vaddr < s.fileSize) {
                return s.offset + (address - s.vaddr);
            }
        }
        throw new MalformedElfException("ELF dynamic string table at 0x" + Long.toHexString(address)
                + " is in no loaded segment");
    }

    /** The bytes of the file the reader can see, with bounds checks on every access. */
    private static final class View {
        final long fileLength;
        final byte[] head;
        final long extraOffset;
        final byte[] extra;
        boolean little;

        View(long fileLength, byte[] head, long extraOffset, byte[] extra) {
            this.fileLength = fileLength;
            this.head = head;
            this.extraOffset = extraOffset;
            this.extra = extra;
        }

        void checkRange(long offset, long length, String what) throws MalformedElfException {
            if (offset < 0 || length < 0 || offset > fileLength || length > fileLength - offset) {
                throw new MalformedElfException("ELF " + what + " lie beyond the end of the file");
            }
        }

        private int at(long offset) throws Unavailable {
            if (offset >= 0 && offset < head.length) {
                return head[(int) offset] & 0xff;
            }
            if (extra != null && offset >= extraOffset && offset - extraOffset < extra.length) {
                return extra[(int) (offset - extraOffset)] & 0xff;
            }
            throw Unavailable.INSTANCE;
        }

        private long unsigned(long offset, int size) throws Unavailable {
            long value = 0;
            for (int i = 0; i < size; i++) {
                int b = at(offset + (little ? size - 1 - i : i));
                value = (value << 8) | b;
            }
            return value;
        }

        int u16(long offset) throws Unavailable {
            return (int) unsigned(offset, 2);
        }

        long u32(long offset) throws Unavailable {
            return unsigned(offset, 4);
        }

        /** Values of 2^63 and more come back negative; callers treat those as malformed. */
        long u64(long offset) throws Unavailable {
            return unsigned(offset, 8);
        }

        /** A NUL-terminated string of at most {@code max} bytes (the last one being the NUL). */
        String string(long offset, long max) throws Unavailable, MalformedElfException {
            int limit = (int) Math.min(max, MAX_STRING);
            byte[] bytes = new byte[limit];
            for (int i = 0; i < limit; i++) {
                int b = at(offset + i);
                if (b == 0) {
                    return ByteNames.decode(bytes, 0, i);
                }
                bytes[i] = (byte) b;
            }
            throw new MalformedElfException("ELF string at offset " + offset + " is not terminated");
        }
    }

    /** The bytes asked for are in the file but not in the view. */
    private static final class Unavailable extends Exception {
        static final Unavailable INSTANCE = new Unavailable();

        private Unavailable() {
            super(null, null, false, false);
        }
    }
}
