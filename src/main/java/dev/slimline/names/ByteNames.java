package dev.slimline.names;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * File names and link targets are bytes (any byte but {@code /} and NUL in a name), not text:
 * an image may hold names in Latin-1 or raw bytes that are not UTF-8. Slimline carries them as
 * Strings through this one lossless mapping, "surrogateescape" as Python defines it: valid UTF-8
 * decodes as usual, and each byte that is not part of a valid UTF-8 sequence becomes the lone
 * surrogate U+DC80..U+DCFF (U+DC00 plus the byte), which no decoded text contains. The sensor
 * writes such bytes as the JSON escape <code>&#92;udcXX</code>, so a path it reports and the same name read
 * from the image's tar are equal Strings.
 *
 * <p>Invalid input is resynchronised one byte at a time (the first byte of a broken sequence is
 * escaped, decoding goes on from the next), exactly as the sensor's {@code json_string} does.
 */
public final class ByteNames {

    private static final int ESCAPE_BASE = 0xdc00;

    private ByteNames() {
    }

    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** The name the bytes {@code bytes[offset..offset+length)} stand for. */
    public static String decode(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            int n = sequenceLength(bytes, i, end);
            if (n == 0) {
                out.append((char) (ESCAPE_BASE + b));
                i++;
                continue;
            }
            int codePoint = b & (0xff >> (n + 1));
            for (int k = 1; k < n; k++) {
                codePoint = (codePoint << 6) | (bytes[i + k] & 0x3f);
            }
            out.appendCodePoint(codePoint);
            i += n;
        }
        return out.toString();
    }

    /**
     * The bytes a name stands for.
     *
     * @throws IllegalArgumentException when it holds a surrogate that is neither half of a pair nor
     *     an escaped byte ({@link #problem} says so first)
     */
    public static byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, name.charAt(++i));
                out.write(0xf0 | (codePoint >> 18));
                out.write(0x80 | ((codePoint >> 12) & 0x3f));
                out.write(0x80 | ((codePoint >> 6) & 0x3f));
                out.write(0x80 | (codePoint & 0x3f));
            } else if (isEscapedByte(c)) {
                out.write(c - ESCAPE_BASE);
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a lone surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " at char " + i + " stands for no byte");
            } else {
                out.write(0xe0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3f));
                out.write(0x80 | (c & 0x3f));
            }
        }
        return out.toByteArray();
    }

    /** Why {@link #encode} would refuse the name, if it would. */
    public static Optional<String> problem(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) && !isEscapedByte(c)) {
                return Optional.of("holds a lone surrogate U+" + Integer.toHexString(c).toUpperCase()
                        + " that stands for no byte");
            }
        }
        return Optional.empty();
    }

    /** Whether the name holds a byte that is not UTF-8 (so it is not plain text). */
    public static boolean hasEscapedBytes(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (isEscapedByte(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEscapedByte(char c) {
        return c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff;
    }

    /** Length of the valid UTF-8 sequence of two or more bytes at {@code i}, 0 when there is none. */
    private static int sequenceLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xff;
        int n;
        int low = 0x80;
        int high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            low = b == 0xe0 ? 0xa0 : 0x80; // no overlong forms
            high = b == 0xed ? 0x9f : 0xbf; // no surrogates
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            low = b == 0xf0 ? 0x90 : 0x80; // no overlong forms
            high = b == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (end - i < n) {
            return 0;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            if ((bytes[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        return n;
    }
}
