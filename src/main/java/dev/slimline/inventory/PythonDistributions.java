package dev.slimline.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Python distributions: a {@code *.dist-info} folder ({@code METADATA}, {@code RECORD} with the
 * files relative to the folder's parent) or a {@code *.egg-info} folder or file ({@code PKG-INFO},
 * {@code installed-files.txt} relative to the folder). Without a file list, as Debian's packages
 * come, the import packages {@code top_level.txt} names are the distribution's.
 */
final class PythonDistributions {

    /** What one metadata folder said, gathered over its files. */
    private static final class Dist {
        Map<String, String> metadata = Map.of();
        String metadataPath;
        List<String> listed;
        List<String> topLevel = List.of();
    }

    private final Map<String, Dist> dists = new TreeMap<>();

    static boolean isMetadata(String path) {
        String parent = Reading.parent(path);
        String name = Reading.name(path);
        if (parent.endsWith(".dist-info")) {
            return name.equals("METADATA") || name.equals("RECORD") || name.equals("top_level.txt");
        }
        if (parent.endsWith(".egg-info")) {
            return name.equals("PKG-INFO") || name.equals("installed-files.txt") || name.equals("top_level.txt");
        }
        return name.endsWith(".egg-info");
    }

    void read(Reading reading, String path, long size, InputStream content) throws IOException {
        String name = Reading.name(path);
        boolean single = name.endsWith(".egg-info");
        String infoDir = single ? path : Reading.parent(path);
        Dist dist = dists.computeIfAbsent(infoDir, d -> new Dist());
        if (single || name.equals("METADATA") || name.equals("PKG-INFO")) {
            // the header comes first: beyond the limit only the long description is lost, which is not used
            dist.metadata = Stanzas.header(new LineReader(content, reading.limits().maxManifestBytes(),
                    reading.limits().maxLineBytes()));
            dist.metadataPath = path;
        } else if (name.equals("top_level.txt")) {
            List<String> names = new ArrayList<>();
            for (String line : reading.manifest(size, content).split("\n")) {
                String top = line.trim();
                if (!top.isEmpty() && !top.contains("/") && !top.equals("..") && !top.equals(".")) {
                    names.add(top);
                }
            }
            dist.topLevel = names;
        } else {
            boolean record = name.equals("RECORD");
            String base = record ? Reading.parent(infoDir) : infoDir;
            LineReader lines = reading.database(content);
            List<String> files = new ArrayList<>();
            for (String line = lines.next(); line != null; line = lines.next()) {
                String relative = record ? csvFirstField(line) : line.trim();
                String resolved = relative.isEmpty() ? null : Reading.resolve(base, relative);
                if (resolved != null) {
                    reading.listed(files, resolved);
                }
            }
            reading.incompleteIf(path, lines, 0);
            dist.listed = files;
        }
    }

    List<DeclaredPackage> packages() {
        List<DeclaredPackage> out = new ArrayList<>();
        dists.forEach((infoDir, dist) -> {
            String folder = Reading.name(infoDir);
            String stem = folder.substring(0, folder.lastIndexOf('.'));
            int dash = stem.indexOf('-');
            String name = dist.metadata.getOrDefault("Name", dash < 0 ? stem : stem.substring(0, dash)).trim();
            String version = dist.metadata.get("Version");
            if (version == null && dash >= 0) {
                version = stem.substring(dash + 1).split("-")[0];
            }
            List<String> trees = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            trees.add(infoDir);
            if (dist.listed != null) {
                paths.addAll(dist.listed);
            } else {
                String site = Reading.parent(infoDir);
                for (String top : dist.topLevel) {
                    trees.add(site + "/" + top);
                    paths.add(site + "/" + top + ".py");
                }
            }
            out.add(new DeclaredPackage(new InstalledPackage(Ecosystem.PYPI, null, name, version, license(dist.metadata),
                    null, null, dist.metadataPath == null ? infoDir : dist.metadataPath, null), paths, trees, null));
        });
        return out;
    }

    /** PEP 639's expression, else the License field, else a licence classifier. */
    private static String license(Map<String, String> metadata) {
        String license = metadata.get("License-Expression");
        if (license == null) {
            license = metadata.get("License");
        }
        if (license == null || license.isBlank() || license.equalsIgnoreCase("UNKNOWN")) {
            license = metadata.get("License-Classifier");
        }
        return license;
    }

    /** RECORD is CSV: the path is the first field, quoted when it holds a comma. */
    static String csvFirstField(String line) {
        if (!line.startsWith("\"")) {
            int comma = line.indexOf(',');
            return comma < 0 ? line : line.substring(0, comma);
        }
        StringBuilder field = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '"') {
                field.append(c);
            } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else {
                break;
            }
        }
        return field.toString();
    }
}
