package dev.slimline.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Debian's and Ubuntu's package database: {@code /var/lib/dpkg/status}, each package's
 * {@code info/<name>[:<arch>].list}, and the licence of a machine-readable (DEP-5)
 * {@code /usr/share/doc/<name>/copyright}. The export's order does not matter: they are joined
 * at the end.
 */
final class DpkgDatabase {

    private static final String STATUS = "/var/lib/dpkg/status";
    private static final String INFO = "/var/lib/dpkg/info/";
    private static final String DOC = "/usr/share/doc/";
    private static final String COPYRIGHT = "/copyright";
    /** Only these are held: a status's descriptions and dependencies would cost memory for nothing. */
    private static final Set<String> FIELDS = Set.of("Package", "Status", "Architecture", "Version");

    private final List<Map<String, String>> stanzas = new ArrayList<>();
    private final Map<String, List<String>> lists = new HashMap<>();
    private final Map<String, String> licenses = new HashMap<>();

    /** Reads {@code path} when it is part of the database; false when it is not. */
    boolean read(Reading reading, String path, long size, InputStream content) throws IOException {
        if (path.equals(STATUS)) {
            LineReader lines = reading.database(content);
            int malformed = Stanzas.read(lines, FIELDS, stanzas::add);
            reading.incompleteIf(path, lines, malformed);
        } else if (path.startsWith(INFO) && path.endsWith(".list") && path.indexOf('/', INFO.length()) < 0) {
            LineReader lines = reading.database(content);
            List<String> files = new ArrayList<>();
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.startsWith("/") && !line.equals("/.")) {
                    reading.listed(files, line);
                }
            }
            reading.incompleteIf(path, lines, 0);
            lists.put(path.substring(INFO.length(), path.length() - ".list".length()), files);
        } else if (path.startsWith(DOC) && path.endsWith(COPYRIGHT)
                && path.indexOf('/', DOC.length()) == path.length() - COPYRIGHT.length()) {
            String license = dep5License(reading.manifest(size, content));
            if (license != null) {
                licenses.put(path.substring(DOC.length(), path.length() - COPYRIGHT.length()), license);
            }
        } else {
            return false;
        }
        return true;
    }

    /** The installed packages ({@code Status: ... installed}) with their files. */
    List<DeclaredPackage> packages(OsRelease os) {
        List<DeclaredPackage> out = new ArrayList<>();
        for (Map<String, String> stanza : stanzas) {
            String name = stanza.get("Package");
            if (name == null || name.isBlank() || !stanza.getOrDefault("Status", "").endsWith(" installed")) {
                continue;
            }
            String arch = stanza.get("Architecture");
            List<String> files = lists.get(name + ":" + arch);
            if (files == null) {
                files = lists.getOrDefault(name, List.of());
            }
            out.add(new DeclaredPackage(new InstalledPackage(Ecosystem.DPKG, os.id("debian"), name,
                    stanza.get("Version"), licenses.get(name), arch, os.distro(), STATUS, null), files, List.of(),
                    null));
        }
        return out;
    }

    /** The licence a DEP-5 copyright file gives for {@code Files: *}, or else its first one. */
    static String dep5License(String text) {
        if (!text.startsWith("Format:")) {
            return null;
        }
        String first = null;
        boolean allFiles = false;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                allFiles = false;
            } else if (line.startsWith("Files:")) {
                allFiles = line.substring("Files:".length()).trim().equals("*");
            } else if (line.startsWith("License:")) {
                String license = line.substring("License:".length()).trim();
                if (license.isEmpty()) {
                    continue;
                }
                if (allFiles) {
                    return license;
                }
                if (first == null) {
                    first = license;
                }
            }
        }
        return first;
    }
}
