package dev.slimline.rootfs;

import java.util.ArrayList;
import java.util.List;

/**
 * Names of entries in an image tar, as absolute paths inside the image: {@code usr/bin/ls},
 * {@code ./usr/bin/ls} and {@code usr/bin/ls/} all become {@code /usr/bin/ls}; the image root is
 * {@code /}. Names that could write outside the image root or that the importer would treat
 * specially are refused.
 */
final class ArchivePaths {

    static final String ROOT = "/";

    /** Docker's layer format marks deletions with this prefix; an importer would act on such a name. */
    private static final String WHITEOUT_PREFIX = ".wh.";

    private ArchivePaths() {
    }

    /**
     * The absolute path an entry name stands for.
     *
     * @throws IllegalArgumentException with the reason when the name is absolute, has a {@code ..}
     *     component, holds a NUL or is a whiteout marker
     */
    static String normaliseEntryName(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("holds a NUL character");
        }
        if (name.startsWith("/")) {
            throw new IllegalArgumentException("is absolute");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("has a '..' component");
            }
            parts.add(part);
        }
        if (!parts.isEmpty() && parts.get(parts.size() - 1).startsWith(WHITEOUT_PREFIX)) {
            throw new IllegalArgumentException("is a whiteout marker");
        }
        return parts.isEmpty() ? ROOT : "/" + String.join("/", parts);
    }

    /** The parent of a normalised absolute path; the root has none (null). */
    static String parent(String path) {
        if (path.equals(ROOT)) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : path.substring(0, slash);
    }

    static String child(String directory, String name) {
        return directory.equals(ROOT) ? "/" + name : directory + "/" + name;
    }
}
