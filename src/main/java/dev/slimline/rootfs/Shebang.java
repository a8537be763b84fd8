package dev.slimline.rootfs;

import dev.slimline.names.ByteNames;

/**
 * The interpreter of a script, read from its {@code #!} line the way the kernel reads it: the
 * first word after {@code #!}, spaces and tabs skipped, within the first bytes of the file.
 */
final class Shebang {

    private Shebang() {
    }

    /**
     * The absolute interpreter path as written (resolved inside the image later), or null when
     * {@code head} starts no {@code #!} line naming one.
     *
     * @param wholeFile whether {@code head} is the whole file; if not, a word running to its end
     *     was cut off, and the kernel would refuse a line that long too
     */
    static String interpreter(byte[] head, boolean wholeFile) {
        if (head.length < 3 || head[0] != '#' || head[1] != '!') {
            return null;
        }
        int start = 2;
        while (start < head.length && (head[start] == ' ' || head[start] == '\t')) {
            start++;
        }
        int end = start;
        while (end < head.length && head[end] != ' ' && head[end] != '\t' && head[end] != '\n' && head[end] != 0) {
            end++;
        }
        if (end == head.length && !wholeFile) {
            return null;
        }
        String path = ByteNames.decode(head, start, end - start);
        return path.startsWith("/") ? path : null;
    }
}
