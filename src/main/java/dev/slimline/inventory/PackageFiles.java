package dev.slimline.inventory;

import dev.slimline.rootfs.EntryType;
import dev.slimline.rootfs.ImageEntry;
import dev.slimline.rootfs.ImageIndex;
import dev.slimline.rootfs.PathResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the image's files each package owns, as physical paths of the index: declared paths
 * are resolved through the image's symlinks ({@code /lib/...} of a merged-/usr Debian is
 * {@code /usr/lib/...}), trees are expanded to what the image holds below them. Directories are
 * nobody's files (every package "owns" {@code /usr}). A declared path the image lacks is dropped
 * (dpkg's path excludes leave such). A file two packages claim is counted once, with its most
 * specific owner (see {@link Ecosystem}), so per-package bytes add up to the image's.
 */
final class PackageFiles {

    private final List<DeclaredPackage> packages;
    private final List<List<String>> files;
    private final Map<String, Integer> owner;

    private PackageFiles(List<DeclaredPackage> packages, List<List<String>> files, Map<String, Integer> owner) {
        this.packages = packages;
        this.files = files;
        this.owner = owner;
    }

    static PackageFiles resolve(Inventory inventory, ImageIndex index) {
        PathResolver resolver = new PathResolver(index);
        NavigableSet<String> nonDirectories = new TreeSet<>();
        for (ImageEntry entry : index.entries()) {
            if (!entry.isDirectory()) {
                nonDirectories.add(entry.path());
            }
        }
        List<DeclaredPackage> packages = inventory.declared();
        List<List<String>> files = new ArrayList<>();
        Map<String, Integer> owner = new HashMap<>();
        for (int i = 0; i < packages.size(); i++) {
            DeclaredPackage declared = packages.get(i);
            Set<String> own = new LinkedHashSet<>();
            for (String path : declared.paths()) {
                PathResolver.Resolution r = resolver.resolve(path, false);
                // a listed directory may be a symlink to one in the image (merged /usr's /lib): not a file
                if (r.found() && nonDirectories.contains(r.path()) && !leadsToDirectory(resolver, index, r)) {
                    own.add(r.path());
                }
            }
            for (String tree : declared.trees()) {
                PathResolver.Resolution r = resolver.resolve(tree, true);
                if (!r.found()) {
                    continue;
                }
                String root = r.path();
                if (nonDirectories.contains(root)) {
                    own.add(root);
                    continue;
                }
                String prefix = root.equals("/") ? "/" : root + "/";
                for (String path : nonDirectories.subSet(prefix, true, prefix + Character.MAX_VALUE, false)) {
                    if (declared.nestedPackages() == null
                            || !isNested(path.substring(prefix.length()), declared.nestedPackages())) {
                        own.add(path);
                    }
                }
            }
            files.add(List.copyOf(own));
            for (String path : own) {
                Integer previous = owner.get(path);
                if (previous == null || declared.pkg().ecosystem().moreSpecificThanOs()
                        && !packages.get(previous).pkg().ecosystem().moreSpecificThanOs()) {
                    owner.put(path, i);
                }
            }
        }
        return new PackageFiles(packages, files, owner);
    }

    private static boolean leadsToDirectory(PathResolver resolver, ImageIndex index, PathResolver.Resolution r) {
        if (index.entry(r.path()).map(e -> e.type() != EntryType.SYMLINK).orElse(true)) {
            return false;
        }
        PathResolver.Resolution followed = resolver.resolve(r.path(), true);
        return followed.found() && index.isDirectory(followed.path());
    }

    /** Whether a path below a tree lies in one of its folders of nested packages. */
    private static boolean isNested(String relative, String folder) {
        String[] parts = relative.split("/");
        for (String part : java.util.Arrays.copyOf(parts, parts.length - 1)) {
            if (part.equals(folder)) {
                return true;
            }
        }
        return false;
    }

    List<DeclaredPackage> packages() {
        return packages;
    }

    /** The files package {@code i} claims, physical paths, each once. */
    List<String> files(int i) {
        return files.get(i);
    }

    /** The package a file is counted with; null when no package claims it. */
    Integer owner(String path) {
        return owner.get(path);
    }
}
