package dev.slimline.sensor;

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

    /** Whether any access of this kind succeeded. */
    public boolean succeeded(AccessKind kind) {
        return ok.contains(kind);
    }

    private static Set<AccessKind> immutable(Set<AccessKind> kinds) {
        return Collections.unmodifiableSet(kinds == null || kinds.isEmpty()
                ? EnumSet.noneOf(AccessKind.class) : EnumSet.copyOf(kinds));
    }
}
