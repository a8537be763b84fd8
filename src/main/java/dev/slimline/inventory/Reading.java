package dev.slimline.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the metadata readers of one export share: the limits, the reasons the inventory is
 * incomplete (bounded), and the cap on paths held over all packages.
 */
final class Reading {

    private static final int MAX_REASONS = 50;

    private final InventoryLimits limits;
    private final List<String> reasons = new ArrayList<>();
    private int droppedReasons;
    private int listedPaths;
    private boolean pathsCapped;

    Reading(InventoryLimits limits) {
        this.limits = limits;
    }

    InventoryLimits limits() {
        return limits;
    }

    void reason(String why) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(why);
        } else {
            droppedReasons++;
        }
    }

    List<String> reasons() {
        List<String> out = new ArrayList<>(reasons);
        if (droppedReasons > 0) {
            out.add("... and " + droppedReasons + " more");
        }
        return out;
    }

    /** Adds a package's file to its list while the cap on listed paths allows. */
    void listed(List<String> files, String path) {
        if (listedPaths >= limits.maxListedPaths()) {
            if (!pathsCapped) {
                pathsCapped = true;
                reason("more than " + limits.maxListedPaths() + " files listed by packages: later ones are left out");
            }
            return;
        }
        listedPaths++;
        files.add(path);
    }

    /** A package database or file list, line by line, within the limits. */
    LineReader database(InputStream content) {
        return new LineReader(content, limits.maxDatabaseBytes(), limits.maxLineBytes());
    }

    /** Records why {@code path} was not read whole, when it was not. */
    void incompleteIf(String path, LineReader lines, int malformed) {
        String why = lines.incompleteness();
        if (why != null) {
            reason(path + ": " + why);
        }
        if (malformed > 0) {
            reason(path + ": " + malformed + " malformed line(s) were left out (corrupt?)");
        }
    }

    /** A small file read whole as text. */
    String manifest(long size, InputStream content) throws IOException {
        if (size > limits.maxManifestBytes()) {
            throw new InventoryLimitException("larger than " + limits.maxManifestBytes() + " bytes, not read");
        }
        return new String(content.readNBytes((int) size), StandardCharsets.UTF_8);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code relative} below {@code base}, with {@code .} and {@code ..} worked out; null when it climbs above the root. */
    static String resolve(String base, String relative) {
        List<String> parts = new ArrayList<>();
        for (String part : (relative.startsWith("/") ? relative : base + "/" + relative).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
