package dev.slimline.sensor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One path the application named, and how.
 *
 * @param path absolute and lexically normalised (no {@code .} or {@code ..}); symbolic links on
 *     the way are not resolved. Bytes that were not UTF-8 appear as the chars U+DC80..U+DCFF.
 * @param ok the kinds of access that succeeded
 * @param failed the kinds of access that failed (a path can be in both: tried once, then found)
 */
public record FileAccess(String path, Set<AccessKind> ok, Set<AccessKind> failed) {

    public FileAccess {
        ok = immutable(ok);
        failed = immutable(failed);
    }

    /**
     * The path as the bytes the application used: UTF-8, except that each char U+DC80..U+DCFF
     * (how the sensor writes a byte that is not part of valid UTF-8) is that byte again.
     */
    public byte[] pathBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c >= 0xdc80 && c <= 0xdcff) {
                bytes.write(c - 0xdc00);
            } else if (Character.isHighSurrogate(c) && i + 1 < path.length()
                    && Character.isLowSurrogate(path.charAt(i + 1))) {
                bytes.writeBytes(path.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    /** Whether any access of this kind succeeded. */
    public boolean succeeded(AccessKind kind) {
        return ok.contains(kind);
    }

    private static Set<AccessKind> immutable(Set<AccessKind> kinds) {
        return Collections.unmodifiableSet(kinds == null || kinds.isEmpty()
                ? EnumSet.noneOf(AccessKind.class) : EnumSet.copyOf(kinds));
    }
}
