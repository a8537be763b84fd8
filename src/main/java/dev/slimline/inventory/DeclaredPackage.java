package dev.slimline.inventory;

import java.util.List;

/**
 * A package and the files its metadata says are its own, as paths the image may reach through
 * symlinks ({@code /lib/x86_64-linux-gnu/libc.so.6} in a merged-/usr Debian).
 *
 * @param paths files named one by one (dpkg's lists, apk's database, Python's RECORD, a jar)
 * @param trees directories whose whole content is the package's (an npm package's folder, a Python
 *     distribution's import packages and metadata folder)
 * @param nestedPackages a folder name inside a tree that holds other packages ({@code node_modules}),
 *     left out of it; null when there is none
 */
record DeclaredPackage(InstalledPackage pkg, List<String> paths, List<String> trees, String nestedPackages) {

    DeclaredPackage {
        paths = List.copyOf(paths);
        trees = List.copyOf(trees);
    }
}
