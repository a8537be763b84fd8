package dev.slimline.rootfs;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Metadata of every entry of an image's filesystem, without file content (pass 1 of slimming).
 * Built by {@link ImageIndexer}; immutable.
 */
public final class ImageIndex {

    private final Map<String, ImageEntry> entries;
    private final Set<String> implicitDirectories;
    private final Map<String, byte[]> loaderConfig;
    private final long totalBytes;
    private final List<String> notes;
    private final List<TarSpan> spans;

    ImageIndex(Map<String, ImageEntry> entries, Map<String, byte[]> loaderConfig, long totalBytes,
            List<String> notes, List<TarSpan> spans) {
        this.entries = Collections.unmodifiableMap(entries);
        Set<String> implicit = new HashSet<>();
        for (String path : entries.keySet()) {
            String dir = ArchivePaths.parent(path);
            while (dir != null && !entries.containsKey(dir) && implicit.add(dir)) {
                dir = ArchivePaths.parent(dir);
            }
        }
        this.implicitDirectories = Set.copyOf(implicit);
        this.loaderConfig = Map.copyOf(loaderConfig);
        this.totalBytes = totalBytes;
        this.notes = List.copyOf(notes);
        this.spans = List.copyOf(spans);
    }

    /** Where every entry of the tar lies in it, rejected ones too, in the tar's order. */
    List<TarSpan> spans() {
        return spans;
    }

    /** The entry at an exact physical path (no symlinks followed); the root is implicit. */
    public Optional<ImageEntry> entry(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** Every entry, in the order of the tar; a path that appears twice counts with its last entry. */
    public Collection<ImageEntry> entries() {
        return entries.values();
    }

    /**
     * Whether the path is a directory: one with an entry, or one the tar only implies by entries
     * below it (the importer creates those); the root is one.
     */
    public boolean isDirectory(String path) {
        ImageEntry entry = entries.get(path);
        return entry == null ? implicitDirectories.contains(path) : entry.isDirectory();
    }

    public int size() {
        return entries.size();
    }

    /** Content bytes of all regular files. */
    public long totalBytes() {
        return totalBytes;
    }

    /** What the indexer could not take in: rejected names, ELF files it could not read, ... (bounded). */
    public List<String> notes() {
        return notes;
    }

    /** Entries left out because their name was unsafe ({@code ..}, absolute, NUL, whiteout) or not UTF-8. */
    public int rejectedEntries() {
        return (int) spans.stream().filter(TarSpan::rejected).count();
    }

    /** Content of a captured loader configuration file ({@code /etc/ld.so.conf}, ...) by physical path. */
    Optional<byte[]> loaderConfig(String path) {
        return Optional.ofNullable(loaderConfig.get(path)).map(byte[]::clone);
    }

    Collection<String> loaderConfigPaths() {
        return loaderConfig.keySet();
    }
}
