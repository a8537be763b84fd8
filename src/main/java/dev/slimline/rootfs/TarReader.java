package dev.slimline.rootfs;

import dev.slimline.names.ByteNames;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads an image tar entry by entry, keeping each entry's header blocks exactly as they came, so the
 * filter can write them out unchanged. Both passes read through this one class, so they agree on
 * what every entry is called.
 *
 * <p>Why not commons-compress here: its reader decodes PAX values as UTF-8 text, which mangles
 * binary extended attributes such as {@code SCHILY.xattr.security.capability}, and its writer would
 * re-encode every header. Copying the original header blocks keeps every field (mode bits, owners,
 * names, times, device numbers, xattrs) bit for bit.
 *
 * <p>Names and link targets are bytes, whatever the ustar field, PAX record ({@code path},
 * {@code linkpath}: UTF-8 by the standard, yet Docker's exporter writes the raw bytes of a name
 * that is not) or GNU long name they come from; they become Strings only through
 * {@link ByteNames}, so a name that is not UTF-8 survives and matches the sensor's report.
 *
 * <p>It understands what Docker's exporter (Go's archive/tar) writes: ustar, PAX extended headers
 * and GNU long names. Global PAX headers, sparse files and multi-volume entries are refused. Like
 * Go's reader, which the importer uses, it gives links, devices, FIFOs and directories no data
 * whatever their size field says. Every size is checked against {@link RootfsLimits} before
 * anything is read or allocated.
 */
final class TarReader {

    static final int BLOCK = 512;

    private final InputStream in;
    private final RootfsLimits limits;
    private final byte[] block = new byte[BLOCK];
    private long remaining;
    private long padding;
    private int entries;
    private long totalBytes;
    private boolean ended;

    TarReader(InputStream in, RootfsLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** The next entry, or null at the end of the archive. The previous entry's unread content is skipped. */
    TarEntry next() throws IOException {
        skipRest();
        if (ended) {
            return null;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Map<String, byte[]> pax = Map.of();
        String gnuLongName = null;
        String gnuLongLink = null;
        while (true) {
            readBlock();
            if (isZero(block)) {
                if (raw.size() > 0) {
                    throw new RootfsException("image tar has an extended header without the entry it belongs to");
                }
                ended = true;
                return null;
            }
            verifyChecksum();
            raw.write(block);
            if (raw.size() > limits.maxHeaderBytes() + BLOCK) {
                throw new RootfsLimitException("an entry's headers exceed " + limits.maxHeaderBytes() + " bytes");
            }
            byte flag = block[156];
            switch (flag) {
                // like Go's reader, which the importer uses: a later extended header replaces an earlier one
                case 'x' -> pax = PaxRecords.parse(readExtension(raw));
                case 'L' -> gnuLongName = cString(readExtension(raw), 0, Integer.MAX_VALUE);
                case 'K' -> gnuLongLink = cString(readExtension(raw), 0, Integer.MAX_VALUE);
                case 'g' -> throw new RootfsException("image tar has a global PAX header, which image exports never have");
                default -> {
                    return entry(flag, raw.toByteArray(), pax, gnuLongName, gnuLongLink);
                }
            }
        }
    }

    /** The current entry's content; reading it is optional. Not to be closed by the caller. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("image tar ends inside an entry's content");
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** Copies the rest of the current entry's content and its padding to {@code out} unchanged. */
    void copyContent(OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("image tar ends inside an entry's content");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
        out.write(new byte[(int) padding]);
        in.skipNBytes(padding);
        padding = 0;
    }

    private TarEntry entry(byte flag, byte[] rawHeader, Map<String, byte[]> pax, String gnuLongName,
            String gnuLongLink) {
        EntryType type = switch (flag) {
            case '0', 0, '7' -> EntryType.FILE;
            case '1' -> EntryType.HARDLINK;
            case '2' -> EntryType.SYMLINK;
            case '3' -> EntryType.CHAR_DEVICE;
            case '4' -> EntryType.BLOCK_DEVICE;
            case '5' -> EntryType.DIRECTORY;
            case '6' -> EntryType.FIFO;
            default -> throw new RootfsException("image tar has an entry of unsupported type '"
                    + (char) (flag & 0xff) + "' (sparse, multi-volume and vendor types are refused)");
        };
        if (pax.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."))) {
            throw new RootfsException("image tar has a sparse file, which image exports never have");
        }
        if (++entries > limits.maxEntries()) {
            throw new RootfsLimitException("the image has more than " + limits.maxEntries() + " entries");
        }
        boolean posix = matches(block, 257, "ustar\0");
        String name;
        if (pax.containsKey("path")) {
            name = ByteNames.decode(pax.get("path"));
        } else if (gnuLongName != null) {
            name = gnuLongName;
        } else {
            name = cString(block, 0, 100);
            String prefix = posix ? cString(block, 345, 155) : "";
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        if (flag == 0 && name.endsWith("/")) {
            // pre-POSIX tars mark directories by the name alone; Go's reader does the same
            type = EntryType.DIRECTORY;
        }
        String link = pax.containsKey("linkpath") ? ByteNames.decode(pax.get("linkpath"))
                : gnuLongLink != null ? gnuLongLink : cString(block, 157, 100);
        long declaredSize = pax.containsKey("size") ? paxNumber(pax, "size") : number(124, 12, "size");
        long size = type == EntryType.FILE ? declaredSize : 0;
        if (size > limits.maxEntryBytes()) {
            throw new RootfsLimitException("image entry " + name + " has " + size
                    + " bytes, more than the limit of " + limits.maxEntryBytes());
        }
        totalBytes += size;
        if (totalBytes > limits.maxTotalBytes()) {
            throw new RootfsLimitException("the image's files hold more than " + limits.maxTotalBytes() + " bytes");
        }
        remaining = size;
        padding = padding(size);
        int mode = (int) number(100, 8, "mode");
        long uid = pax.containsKey("uid") ? paxNumber(pax, "uid") : number(108, 8, "uid");
        long gid = pax.containsKey("gid") ? paxNumber(pax, "gid") : number(116, 8, "gid");
        long devMajor = posix || matches(block, 257, "ustar ") ? number(329, 8, "devmajor") : 0;
        long devMinor = posix || matches(block, 257, "ustar ") ? number(337, 8, "devminor") : 0;

        checkLength(name);
        String path;
        try {
            path = ArchivePaths.normaliseEntryName(name);
        } catch (IllegalArgumentException e) {
            return TarEntry.rejected(rawHeader, name, type, size, "its name " + e.getMessage());
        }
        String linkPath = null;
        if (type == EntryType.HARDLINK || type == EntryType.SYMLINK) {
            if (link.isEmpty() || link.indexOf('\0') >= 0) {
                return TarEntry.rejected(rawHeader, name, type, size, "its link target is empty or holds a NUL");
            }
            checkLength(link);
            if (type == EntryType.HARDLINK) {
                try {
                    linkPath = ArchivePaths.normaliseEntryName(link);
                } catch (IllegalArgumentException e) {
                    return TarEntry.rejected(rawHeader, name, type, size, "its hard link target " + e.getMessage());
                }
            }
        }
        return new TarEntry(rawHeader, name, path, null, type, type == EntryType.SYMLINK ? link : linkPath, size,
                mode, uid, gid, devMajor, devMinor, pax);
    }

    private void checkLength(String name) {
        if (name.length() > limits.maxPathLength()) {
            throw new RootfsLimitException("image entry name or link target longer than " + limits.maxPathLength()
                    + " characters: " + name.substring(0, Math.min(80, limits.maxPathLength())) + "...");
        }
    }

    /** Reads the data of an extended header entry (PAX records, GNU long name), bounded. */
    private byte[] readExtension(ByteArrayOutputStream raw) throws IOException {
        long size = number(124, 12, "size");
        if (raw.size() + size > limits.maxHeaderBytes() + BLOCK) {
            throw new RootfsLimitException("an entry's headers exceed " + limits.maxHeaderBytes() + " bytes");
        }
        int padded = (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        byte[] data = in.readNBytes(padded);
        if (data.length < padded) {
            throw new RootfsException("image tar ends inside an extended header");
        }
        raw.write(data);
        byte[] content = new byte[(int) size];
        System.arraycopy(data, 0, content, 0, (int) size);
        return content;
    }

    /** A stream that stops without the end-of-archive block was cut off: entries may be missing, so fail. */
    private void readBlock() throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n < BLOCK) {
            throw new RootfsException(n == 0 ? "image tar is truncated: it has no end-of-archive marker"
                    : "image tar is truncated: a header block has " + n + " of 512 bytes");
        }
    }

    private void skipRest() throws IOException {
        if (remaining + padding > 0) {
            try {
                in.skipNBytes(remaining + padding);
            } catch (EOFException e) {
                throw new RootfsException("image tar ends inside an entry's content", e);
            }
            remaining = 0;
            padding = 0;
        }
    }

    /** The zeros after {@code size} content bytes up to the next block. */
    static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    /** Accepts the unsigned and the (historic) signed sum, like Go's and GNU's readers. */
    private void verifyChecksum() {
        long stored;
        try {
            stored = number(148, 8, "checksum");
        } catch (RootfsException e) {
            throw new RootfsException("not a tar archive: a header's checksum field is not a number");
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new RootfsException("not a tar archive, or a corrupt one: a header's checksum does not match");
        }
    }

    /** An octal or base-256 numeric header field. */
    private long number(int offset, int length, String field) {
        if ((block[offset] & 0x80) != 0) {
            if ((block[offset] & 0x40) != 0) {
                throw new RootfsException("image tar header field " + field + " is negative");
            }
            long value = block[offset] & 0x3f;
            for (int i = 1; i < length; i++) {
                if ((value >>> 55) != 0) {
                    throw new RootfsException("image tar header field " + field + " is too large");
                }
                value = (value << 8) | (block[offset + i] & 0xff);
            }
            return value;
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        for (; i < end && block[i] != ' ' && block[i] != 0; i++) {
            if (block[i] < '0' || block[i] > '7' || (value >>> 60) != 0) {
                throw new RootfsException("image tar header field " + field + " is not an octal number");
            }
            value = value * 8 + (block[i] - '0');
        }
        return value;
    }

    private static long paxNumber(Map<String, byte[]> pax, String key) {
        String text = new String(pax.get(key), StandardCharsets.US_ASCII);
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            throw new RootfsException("image tar PAX record " + key + " is not a number: " + text);
        }
        return Long.parseLong(text);
    }

    /** A NUL-terminated field as a name: its bytes, whether UTF-8 or not ({@link ByteNames}). */
    private static String cString(byte[] bytes, int offset, int maxLength) {
        int end = offset;
        int limit = (int) Math.min((long) offset + maxLength, bytes.length);
        while (end < limit && bytes[end] != 0) {
            end++;
        }
        return ByteNames.decode(bytes, offset, end - offset);
    }

    private static boolean matches(byte[] bytes, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
