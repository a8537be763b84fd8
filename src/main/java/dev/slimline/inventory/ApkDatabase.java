package dev.slimline.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Alpine's {@code lib/apk/db/installed}: paragraphs of one-letter fields, {@code P:} name,
 * {@code V:} version, {@code A:} architecture, {@code L:} licence, and the files as {@code F:}
 * folders each followed by its {@code R:} files.
 */
final class ApkDatabase {

    /** One package before the distribution is known: os-release may come later in the export. */
    private record Found(Map<String, String> fields, List<String> files, String path) {
    }

    private final List<Found> found = new ArrayList<>();

    static boolean isDatabase(String path) {
        return path.equals("/lib/apk/db/installed") || path.equals("/usr/lib/apk/db/installed");
    }

    void read(Reading reading, String path, InputStream content) throws IOException {
        LineReader lines = reading.database(content);
        Map<String, String> fields = new HashMap<>();
        List<String> files = new ArrayList<>();
        String dir = "";
        for (String line = lines.next(); ; line = lines.next()) {
            if (line == null || line.isBlank()) {
                if (fields.containsKey("P")) {
                    found.add(new Found(fields, files, path));
                }
                if (line == null) {
                    break;
                }
                fields = new HashMap<>();
                files = new ArrayList<>();
                dir = "";
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':') {
                continue;
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
                case 'F' -> dir = value;
                case 'R' -> reading.listed(files, "/" + (dir.isEmpty() ? value : dir + "/" + value));
                case 'P', 'V', 'A', 'L' -> fields.putIfAbsent(String.valueOf(line.charAt(0)), value);
                default -> {
                    // checksums, origins, dependencies, ...: not part of the inventory
                }
            }
        }
        reading.incompleteIf(path, lines, 0);
    }

    List<DeclaredPackage> packages(OsRelease os) {
        return found.stream().map(f -> new DeclaredPackage(new InstalledPackage(Ecosystem.APK, os.id("alpine"),
                f.fields().get("P"), f.fields().get("V"), f.fields().get("L"), f.fields().get("A"), os.distro(), f.path(),
                null), f.files(), List.of(), null)).toList();
    }
}
