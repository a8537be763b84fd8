package dev.slimline.inventory;

import dev.slimline.rootfs.EntryType;
import dev.slimline.rootfs.ImageEntry;
import dev.slimline.rootfs.IndexListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * Reads package metadata out of an image export while {@link dev.slimline.rootfs.ImageIndexer}
 * indexes it, so the inventory costs no pass of its own: dpkg's database ({@link DpkgDatabase}),
 * Alpine's ({@link ApkDatabase}), Python's {@code *.dist-info} and {@code *.egg-info}
 * ({@link PythonDistributions}), npm's {@code node_modules} ({@link NpmPackages}) and the
 * {@code pom.properties} in jars ({@link JarPoms}). Only those files' content is read, each within
 * {@link InventoryLimits}; whatever goes past a limit or cannot be parsed leaves a reason and an
 * incomplete inventory, never a failed job. One collector per export; not thread-safe.
 */
public final class InventoryCollector implements IndexListener {

    private final Reading reading;
    private final OsRelease os = new OsRelease();
    private final DpkgDatabase dpkg = new DpkgDatabase();
    private final ApkDatabase apk = new ApkDatabase();
    private final PythonDistributions python = new PythonDistributions();
    private final NpmPackages npm = new NpmPackages();
    private final JarPoms jars = new JarPoms();

    public InventoryCollector(InventoryLimits limits) {
        this.reading = new Reading(limits);
    }

    @Override
    public void entry(ImageEntry entry, InputStream content) throws IOException {
        if (entry.type() != EntryType.FILE) {
            return;
        }
        String path = entry.path();
        try {
            read(path, entry.size(), content);
        } catch (InventoryLimitException e) {
            reading.reason(path + ": " + e.getMessage());
        } catch (JacksonException e) {
            reading.reason(path + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (RuntimeException e) {
            // a parser's bug must cost the inventory, not the job
            reading.reason(path + ": could not be read (" + e + ")");
        }
    }

    private void read(String path, long size, InputStream content) throws IOException {
        if (dpkg.read(reading, path, size, content)) {
            return;
        }
        if (ApkDatabase.isDatabase(path)) {
            apk.read(reading, path, content);
        } else if (OsRelease.isOsRelease(path)) {
            os.read(reading, path, size, content);
        } else if (PythonDistributions.isMetadata(path)) {
            python.read(reading, path, size, content);
        } else if (NpmPackages.isManifest(path)) {
            npm.readManifest(reading, path, size, content);
        } else if (NpmPackages.isLockfile(path)) {
            npm.readLockfile(reading, path, content);
        } else if (JarPoms.isArchive(path)) {
            jars.read(reading, path, content);
        }
    }

    /** The inventory of everything seen so far: call after the export was indexed. */
    public Inventory finish() {
        List<DeclaredPackage> all = new ArrayList<>();
        all.addAll(dpkg.packages(os));
        all.addAll(apk.packages(os));
        all.addAll(python.packages());
        all.addAll(npm.packages());
        all.addAll(jars.packages());
        List<String> why = reading.reasons();
        int max = reading.limits().maxPackages();
        if (all.size() > max) {
            why.add("more than " + max + " packages: the rest are left out");
            all = all.subList(0, max);
        }
        return new Inventory(all, why);
    }
}
