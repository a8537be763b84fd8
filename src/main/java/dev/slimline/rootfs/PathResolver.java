package dev.slimline.rootfs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves paths inside an image, through its index, the way the kernel would inside a container
 * whose root is the image (never on the host): component by component, following symlinks, with
 * absolute link targets taken relative to the image root and {@code ..} never climbing above it.
 */
public final class PathResolver {

    /** The kernel's limit on symlinks followed in one lookup ({@code ELOOP}). */
    static final int MAX_SYMLINKS = 40;

    private final ImageIndex index;

    public PathResolver(ImageIndex index) {
        this.index = index;
    }

    /**
     * Where a path leads.
     *
     * @param path the physical path reached: the file itself when {@code found}, otherwise as far as
     *     the lookup got
     * @param found whether the path exists in the image
     * @param symlinks every symlink followed on the way, in order, as physical paths
     * @param failure why it was not found ({@code missing}, {@code not a directory}, {@code too many
     *     symlinks}); null when found
     */
    public record Resolution(String path, boolean found, List<String> symlinks, String failure) {
        public Resolution {
            symlinks = List.copyOf(symlinks);
        }
    }

    /**
     * Resolves an absolute path.
     *
     * @param followFinal follow a symlink in the last component too (as open and stat do; lstat
     *     and readlink do not)
     */
    public Resolution resolve(String path, boolean followFinal) {
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        Deque<String> pending = new ArrayDeque<>();
        push(pending, path);
        String current = ArchivePaths.ROOT; // the physical path resolved so far
        List<String> symlinks = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (isNoOp(name)) {
                continue;
            }
            if (name.equals("..")) {
                if (!current.equals(ArchivePaths.ROOT)) {
                    current = ArchivePaths.parent(current);
                }
                continue;
            }
            String candidate = ArchivePaths.child(current, name);
            ImageEntry entry = index.entry(candidate).orElse(null);
            if (entry == null && !index.isDirectory(candidate)) {
                return new Resolution(candidate, false, symlinks, "missing");
            }
            while (!pending.isEmpty() && isNoOp(pending.peek())) {
                pending.pop();
            }
            boolean last = pending.isEmpty();
            if (entry != null && entry.type() == EntryType.SYMLINK && (!last || followFinal)) {
                if (++hops > MAX_SYMLINKS) {
                    return new Resolution(candidate, false, symlinks, "too many symlinks");
                }
                symlinks.add(candidate);
                String target = entry.link();
                if (target.startsWith("/")) {
                    current = ArchivePaths.ROOT;
                }
                push(pending, target);
                continue;
            }
            if (!last && !index.isDirectory(candidate)) {
                return new Resolution(candidate, false, symlinks, "not a directory");
            }
            current = candidate;
        }
        return new Resolution(current, true, symlinks, null);
    }

    private static boolean isNoOp(String name) {
        return name.isEmpty() || name.equals(".");
    }

    /** Puts a path's components in front of those still to resolve. */
    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }
}
