package dev.slimline.inventory;

import dev.slimline.names.ByteNames;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lines of a text file read from the export, with at most {@code maxBytes} read in all and no line
 * held beyond {@code maxLineBytes}: a longer line is skipped to its end without being stored and
 * counted, since only corruption makes one. Lines are decoded as names are ({@link ByteNames}), so a
 * listed path whose bytes are not UTF-8 equals the same name read from the tar.
 */
final class LineReader {

    private final InputStream in;
    private final long maxBytes;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long read;
    private int overlong;
    private boolean truncated;
    private boolean ended;

    LineReader(InputStream in, long maxBytes, int maxLineBytes) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.maxBytes = maxBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its end, or null at the end of the file or of what may be read. */
    String next() throws IOException {
        while (!ended) {
            line.reset();
            boolean tooLong = false;
            while (true) {
                if (read >= maxBytes) {
                    // what follows is not read: a cut line is no line
                    truncated = in.read() >= 0;
                    ended = true;
                    if (tooLong && !truncated) {
                        overlong++;
                    }
                    return truncated || tooLong ? null : finalLine();
                }
                int b = in.read();
                if (b < 0) {
                    ended = true;
                    if (tooLong) {
                        overlong++;
                        return null;
                    }
                    return finalLine();
                }
                read++;
                if (b == '\n') {
                    break;
                }
                if (line.size() < maxLineBytes) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
            }
            if (tooLong) {
                overlong++;
                continue;
            }
            return text();
        }
        return null;
    }

    private String finalLine() {
        return line.size() == 0 ? null : text();
    }

    private String text() {
        String text = ByteNames.decode(line.toByteArray());
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Whether the file went on beyond {@code maxBytes}. */
    boolean truncated() {
        return truncated;
    }

    /** Lines longer than {@code maxLineBytes}, skipped. */
    int overlongLines() {
        return overlong;
    }

    /** Why what was read is not the whole file, or null when it is. */
    String incompleteness() {
        if (truncated) {
            return "larger than " + maxBytes + " bytes: only the first " + maxBytes + " were read";
        }
        if (overlong > 0) {
            return overlong + " line(s) longer than " + maxLineBytes + " bytes (corrupt?) were left out";
        }
        return null;
    }
}
