package dev.slimline.inventory;

import java.util.List;

/**
 * The packages found in an image's filesystem while it was indexed, and why the list may be
 * incomplete (a database over its limits, a corrupt file, a jar that could not be read).
 */
public final class Inventory {

    private final List<DeclaredPackage> packages;
    private final List<String> incompleteReasons;

    Inventory(List<DeclaredPackage> packages, List<String> incompleteReasons) {
        this.packages = List.copyOf(packages);
        this.incompleteReasons = List.copyOf(incompleteReasons);
    }

    List<DeclaredPackage> declared() {
        return packages;
    }

    public List<InstalledPackage> packages() {
        return packages.stream().map(DeclaredPackage::pkg).toList();
    }

    public boolean complete() {
        return incompleteReasons.isEmpty();
    }

    /** Bounded; empty when the inventory is complete. */
    public List<String> incompleteReasons() {
        return incompleteReasons;
    }
}
