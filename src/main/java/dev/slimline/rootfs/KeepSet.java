package dev.slimline.rootfs;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The physical paths of the image that the slim image keeps, each with the first reason it was
 * kept for. Built by {@link KeepSetBuilder}; read by {@link TarFilter}; immutable.
 */
public final class KeepSet {

    /**
     * One kept path.
     *
     * @param cause what led to it: the observed or included path, the ELF file that needs it, the
     *     child of a parent directory; null when the reason says it all
     */
    public record Kept(String path, KeepReason reason, String cause) {
    }

    private final Map<String, Kept> kept;
    private final boolean synthesizeTmp;
    private final List<String> warnings;
    private final List<String> excluded;

    KeepSet(Map<String, Kept> kept, boolean synthesizeTmp, List<String> warnings, List<String> excluded) {
        this.kept = Collections.unmodifiableMap(kept);
        this.synthesizeTmp = synthesizeTmp;
        this.warnings = List.copyOf(warnings);
        this.excluded = List.copyOf(excluded);
    }

    public boolean contains(String path) {
        return kept.containsKey(path);
    }

    public Optional<Kept> get(String path) {
        return Optional.ofNullable(kept.get(path));
    }

    /** In the order they were added. */
    public Collection<Kept> kept() {
        return kept.values();
    }

    public int size() {
        return kept.size();
    }

    public Map<KeepReason, Integer> reasonCounts() {
        Map<KeepReason, Integer> counts = new EnumMap<>(KeepReason.class);
        kept.values().forEach(k -> counts.merge(k.reason(), 1, Integer::sum));
        return counts;
    }

    /** The image has no {@code /tmp}: the filter adds an empty one (mode 1777, root:root). */
    public boolean synthesizeTmp() {
        return synthesizeTmp;
    }

    /** What was asked for but is not in the image (libraries, binaries, a shell, ...), bounded. */
    public List<String> warnings() {
        return warnings;
    }

    /** Paths that would have been kept but match an exclude pattern (bounded). */
    public List<String> excluded() {
        return excluded;
    }
}
