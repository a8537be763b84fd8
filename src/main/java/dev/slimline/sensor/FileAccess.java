package dev.slimline.sensor;

import dev.slimline.names.ByteNames;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One path the application named, and how.
 *
 * @param path absolute and lexically normalised (no {@code .} or {@code ..}); symbolic links on
 *     the way are not resolved. Bytes that were not UTF-8 appear as the chars U+DC80..U+DCFF
 *     ({@link ByteNames}).
 * @param ok the kinds of access that succeeded
 * @param failed the kinds of access that failed (a path can be in both: tried once, then found)
 * @param errors by kind, the errno names ({@code EEXIST}, ...) the failed calls returned, as far as
 *     the sensor listed them
 */
public record FileAccess(String path, Set<AccessKind> ok, Set<AccessKind> failed, Map<AccessKind, Set<String>> errors) {

    /**
     * Errors a call returns only after it found the path: it exists (EEXIST from mkdir, link,
     * symlink, mknod, an exclusive open or a rename that must not replace; ENOTEMPTY and EBUSY from
     * rmdir or rename; EISDIR; ELOOP from an open that must not follow the symlink; EACCES and EPERM
     * on the path itself; ETXTBSY; EXDEV and EMLINK from rename and link; ENXIO and ENODEV from
     * opening a socket, FIFO or device; ENODATA from reading an extended attribute it lacks;
     * ENOTDIR: the path, or a file above it, is no directory). In
     * the slim image without the path the same call would fail with ENOENT instead, or succeed
     * where the application expects it to fail, as nginx's {@code mkdir} of its temp directories.
     */
    private static final Set<String> PROVE_EXISTENCE = Set.of("EEXIST", "ENOTEMPTY", "EBUSY", "EISDIR", "ELOOP",
            "EACCES", "EPERM", "ETXTBSY", "EXDEV", "EMLINK", "ENXIO", "ENODEV", "ENODATA", "ENOTDIR");

    public FileAccess {
        ok = immutable(ok);
        failed = immutable(failed);
        Map<AccessKind, Set<String>> byKind = new EnumMap<>(AccessKind.class);
        if (errors != null) {
            errors.forEach((kind, names) -> {
                if (!names.isEmpty()) {
                    byKind.put(kind, Collections.unmodifiableSet(new TreeSet<>(names)));
                }
            });
        }
        errors = Collections.unmodifiableMap(byKind);
    }

    /** An access without errno values. */
    public FileAccess(String path, Set<AccessKind> ok, Set<AccessKind> failed) {
        this(path, ok, failed, Map.of());
    }

    /**
     * The path as the bytes the application used: UTF-8, except that each char U+DC80..U+DCFF
     * (how the sensor writes a byte that is not part of valid UTF-8) is that byte again.
     */
    public byte[] pathBytes() {
        return ByteNames.encode(path);
    }

    /** Whether any access of this kind succeeded. */
    public boolean succeeded(AccessKind kind) {
        return ok.contains(kind);
    }

    /**
     * A failed call whose error shows the path existed when it was made, as {@code "write: EEXIST"};
     * empty when none did. A {@code readlink} that failed with EINVAL found a path that is no
     * symbolic link.
     */
    public Optional<String> existenceProof() {
        for (Map.Entry<AccessKind, Set<String>> e : errors.entrySet()) {
            for (String error : e.getValue()) {
                if (PROVE_EXISTENCE.contains(error) || (e.getKey() == AccessKind.LINK && error.equals("EINVAL"))) {
                    return Optional.of(e.getKey().reportName() + ": " + error);
                }
            }
        }
        return Optional.empty();
    }

    private static Set<AccessKind> immutable(Set<AccessKind> kinds) {
        return Collections.unmodifiableSet(kinds == null || kinds.isEmpty()
                ? EnumSet.noneOf(AccessKind.class) : EnumSet.copyOf(kinds));
    }
}
