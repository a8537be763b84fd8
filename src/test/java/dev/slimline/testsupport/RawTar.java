package dev.slimline.testsupport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a tar as Docker exports it, keeping names and link targets as the bytes they are (ustar
 * fields, PAX {@code path}/{@code linkpath} records, GNU long names): a reader of its own, so
 * tests check the slimmer's output with code other than the slimmer's.
 */
public final class RawTar {

    /**
     * One entry.
     *
     * @param type the ustar type flag ({@code '0'} file, {@code '2'} symlink, {@code '5'} directory, ...)
     * @param linkTarget the link target's bytes, empty when none
     */
    public record Entry(byte type, byte[] content, byte[] linkTarget) {
    }

    private RawTar() {
    }

    /**
     * Every entry by its name as ISO-8859-1 chars (one char per byte), without a leading {@code ./}
     * or {@code /} and without a directory's trailing {@code /}. File content is kept up to
     * {@code maxContent} bytes a file.
     */
    public static Map<String, Entry> read(InputStream in, int maxContent) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        byte[] longName = null;
        byte[] longLink = null;
        byte[] paxPath = null;
        byte[] paxLink = null;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512) {
                throw new EOFException("the tar ends inside a header");
            }
            if (Arrays.equals(header, new byte[512])) {
                return entries;
            }
            byte type = header[156];
            String sizeField = field(header, 124, 12).trim();
            long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
            byte[] data = in.readNBytes((int) Math.min(size, Integer.MAX_VALUE));
            in.skipNBytes((512 - size % 512) % 512);
            switch (type) {
                case 'L' -> longName = cut(data);
                case 'K' -> longLink = cut(data);
                case 'x' -> {
                    Map<String, byte[]> records = pax(data);
                    paxPath = records.getOrDefault("path", paxPath);
                    paxLink = records.getOrDefault("linkpath", paxLink);
                }
                case 'g' -> {
                }
                default -> {
                    byte[] name = paxPath != null ? paxPath : longName != null ? longName : ustarName(header);
                    byte[] link = paxLink != null ? paxLink : longLink != null ? longLink : cut(Arrays.copyOfRange(
                            header, 157, 257));
                    String key = new String(name, StandardCharsets.ISO_8859_1);
                    while (key.startsWith("./") || key.startsWith("/")) {
                        key = key.substring(key.indexOf('/') + 1);
                    }
                    if (key.endsWith("/")) {
                        key = key.substring(0, key.length() - 1);
                    }
                    entries.put(key, new Entry(type, Arrays.copyOf(data, Math.min(data.length, maxContent)), link));
                    longName = null;
                    longLink = null;
                    paxPath = null;
                    paxLink = null;
                }
            }
        }
    }

    private static byte[] ustarName(byte[] header) {
        byte[] name = cut(Arrays.copyOfRange(header, 0, 100));
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        byte[] prefix = ustar ? cut(Arrays.copyOfRange(header, 345, 500)) : new byte[0];
        if (prefix.length == 0) {
            return name;
        }
        byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
        joined[prefix.length] = '/';
        System.arraycopy(name, 0, joined, prefix.length + 1, name.length);
        return joined;
    }

    /** "<length> <key>=<value>\n" records; values as bytes. */
    private static Map<String, byte[]> pax(byte[] data) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length && data[pos] != 0) {
            int space = pos;
            while (data[space] != ' ') {
                space++;
            }
            int length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            int equals = space + 1;
            while (data[equals] != '=') {
                equals++;
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            records.put(key, Arrays.copyOfRange(data, equals + 1, pos + length - 1));
            pos += length;
        }
        return records;
    }

    private static byte[] cut(byte[] field) {
        int end = 0;
        while (end < field.length && field[end] != 0) {
            end++;
        }
        return Arrays.copyOf(field, end);
    }

    private static String field(byte[] header, int offset, int length) {
        return new String(cut(Arrays.copyOfRange(header, offset, offset + length)), StandardCharsets.US_ASCII);
    }
}
