package dev.slimline.inventory;

import dev.slimline.rootfs.EntryType;
import dev.slimline.rootfs.ImageEntry;
import dev.slimline.rootfs.IndexListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads package metadata out of an image export while {@link dev.slimline.rootfs.ImageIndexer}
 * indexes it, so the inventory costs no pass of its own: dpkg's status and file lists (with the
 * licence of a DEP-5 {@code copyright}), Alpine's installed database, Python's {@code *.dist-info}
 * and {@code *.egg-info}, npm's {@code node_modules/**}{@code /package.json} and lockfiles, and the
 * {@code pom.properties} of jars. Only those files' content is read, each within
 * {@link InventoryLimits}; whatever goes past a limit or cannot be parsed leaves a reason and an
 * incomplete inventory, never a failed job. One collector per export; not thread-safe.
 */
public final class InventoryCollector implements IndexListener {

    private static final int MAX_REASONS = 50;
    private static final String DPKG_INFO = "/var/lib/dpkg/info/";
    private static final String DOC = "/usr/share/doc/";
    private static final Set<String> DPKG_FIELDS = Set.of("Package", "Status", "Architecture", "Version");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InventoryLimits limits;
    private final List<String> reasons = new ArrayList<>();
    private int droppedReasons;
    private int listedPaths;
    private boolean pathsCapped;

    private final List<Map<String, String>> dpkgStanzas = new ArrayList<>();
    private String dpkgStatus;
    private final Map<String, List<String>> dpkgLists = new HashMap<>();
    private final Map<String, String> docLicenses = new HashMap<>();
    private final List<DeclaredPackage> apk = new ArrayList<>();
    private final Map<String, PythonDist> python = new TreeMap<>();
    private final Map<String, InstalledPackage> npm = new TreeMap<>();
    private final Map<String, Map<String, JsonNode>> npmLocks = new HashMap<>();
    private final List<DeclaredPackage> maven = new ArrayList<>();
    private final Map<String, String> osRelease = new HashMap<>();

    /** What one Python distribution's metadata folder said, gathered over its files. */
    private static final class PythonDist {
        Map<String, String> metadata;
        String metadataPath;
        List<String> listed;
        List<String> topLevel = List.of();
    }

    public InventoryCollector(InventoryLimits limits) {
        this.limits = limits;
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
            reason(path + ": " + e.getMessage());
        } catch (ZipException e) {
            reason(path + ": not a readable jar (" + e.getMessage() + ")");
        } catch (JacksonException e) {
            reason(path + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (RuntimeException e) {
            // a parser's bug must cost the inventory, not the job
            reason(path + ": could not be read (" + e + ")");
        }
    }

    private void read(String path, long size, InputStream content) throws IOException {
        if (path.equals("/var/lib/dpkg/status")) {
            dpkgStatus = path;
            LineReader lines = database(content);
            int malformed = Stanzas.read(lines, DPKG_FIELDS, dpkgStanzas::add);
            incompleteIf(path, lines, malformed);
        } else if (path.startsWith(DPKG_INFO) && path.endsWith(".list") && path.indexOf('/', DPKG_INFO.length()) < 0) {
            String key = path.substring(DPKG_INFO.length(), path.length() - ".list".length());
            LineReader lines = database(content);
            List<String> files = new ArrayList<>();
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.startsWith("/") && !line.equals("/.")) {
                    listed(files, line);
                }
            }
            incompleteIf(path, lines, 0);
            dpkgLists.put(key, files);
        } else if (path.startsWith(DOC) && path.endsWith("/copyright")
                && path.indexOf('/', DOC.length()) == path.length() - "/copyright".length()) {
            String license = dep5License(manifest(path, size, content));
            if (license != null) {
                docLicenses.put(path.substring(DOC.length(), path.length() - "/copyright".length()), license);
            }
        } else if (path.equals("/lib/apk/db/installed") || path.equals("/usr/lib/apk/db/installed")) {
            readApk(path, content);
        } else if (path.equals("/etc/os-release") || path.equals("/usr/lib/os-release")) {
            if (osRelease.isEmpty() || path.startsWith("/etc/")) {
                osRelease.clear();
                osRelease.putAll(keyValues(manifest(path, size, content)));
            }
        } else if (isPythonMetadata(path)) {
            readPython(path, size, content);
        } else if (path.endsWith("/package.json") && isNpmPackageDir(parent(path))) {
            readNpmManifest(path, size, content);
        } else if (path.endsWith("/package-lock.json") && !path.contains("/node_modules/")
                || path.endsWith("/node_modules/.package-lock.json")) {
            readNpmLock(path, content);
        } else if (JarPoms.isArchive(path)) {
            readJar(path, content);
        }
    }

    // ---- dpkg

    /** The licence a machine-readable (DEP-5) copyright file gives for {@code Files: *}, or its first one. */
    private static String dep5License(String text) {
        if (!text.startsWith("Format:")) {
            return null;
        }
        String first = null;
        boolean allFiles = false;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                allFiles = false;
            } else if (line.startsWith("Files:")) {
                allFiles = line.substring(6).trim().equals("*");
            } else if (line.startsWith("License:")) {
                String license = line.substring(8).trim();
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

    private List<DeclaredPackage> dpkgPackages() {
        List<DeclaredPackage> out = new ArrayList<>();
        String namespace = osRelease.getOrDefault("ID", "debian");
        for (Map<String, String> stanza : dpkgStanzas) {
            String name = stanza.get("Package");
            String status = stanza.getOrDefault("Status", "");
            if (name == null || name.isBlank() || !status.endsWith(" installed")) {
                continue;
            }
            String arch = stanza.get("Architecture");
            List<String> files = dpkgLists.get(name + ":" + arch);
            if (files == null) {
                files = dpkgLists.getOrDefault(name, List.of());
            }
            out.add(new DeclaredPackage(new InstalledPackage(Ecosystem.DPKG, namespace, name, stanza.get("Version"),
                    docLicenses.get(name), arch, distro(), dpkgStatus, null), files, List.of(), null));
        }
        return out;
    }

    private String distro() {
        String id = osRelease.get("ID");
        String version = osRelease.get("VERSION_ID");
        return id == null ? null : version == null ? id : id + "-" + version;
    }

    // ---- apk

    private void readApk(String path, InputStream content) throws IOException {
        LineReader lines = database(content);
        Map<String, String> fields = new HashMap<>();
        List<String> files = new ArrayList<>();
        String dir = "";
        for (String line = lines.next(); ; line = lines.next()) {
            if (line == null || line.isBlank()) {
                if (fields.containsKey("P")) {
                    apk.add(new DeclaredPackage(new InstalledPackage(Ecosystem.APK, osRelease.getOrDefault("ID",
                            "alpine"), fields.get("P"), fields.get("V"), fields.get("L"), fields.get("A"), null, path,
                            null), files, List.of(), null));
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
                case 'R' -> listed(files, "/" + (dir.isEmpty() ? value : dir + "/" + value));
                default -> fields.putIfAbsent(String.valueOf(line.charAt(0)), value);
            }
        }
        incompleteIf(path, lines, 0);
    }

    // ---- Python

    private static boolean isPythonMetadata(String path) {
        String parent = parent(path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (parent.endsWith(".dist-info")) {
            return name.equals("METADATA") || name.equals("RECORD") || name.equals("top_level.txt");
        }
        if (parent.endsWith(".egg-info")) {
            return name.equals("PKG-INFO") || name.equals("installed-files.txt") || name.equals("top_level.txt");
        }
        // an egg-info may also be a single file holding PKG-INFO
        return name.endsWith(".egg-info");
    }

    private void readPython(String path, long size, InputStream content) throws IOException {
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean single = name.endsWith(".egg-info");
        String infoDir = single ? path : parent(path);
        PythonDist dist = python.computeIfAbsent(infoDir, d -> new PythonDist());
        String site = parent(infoDir);
        if (single || name.equals("METADATA") || name.equals("PKG-INFO")) {
            // the header comes first: beyond the limit only the long description is lost, which is not used
            dist.metadata = Stanzas.header(new LineReader(content, limits.maxManifestBytes(), limits.maxLineBytes()));
            dist.metadataPath = path;
        } else if (name.equals("top_level.txt")) {
            List<String> names = new ArrayList<>();
            for (String line : manifest(path, size, content).split("\n")) {
                if (!line.isBlank() && !line.contains("/") && !line.equals("..")) {
                    names.add(line.trim());
                }
            }
            dist.topLevel = names;
        } else {
            boolean record = name.equals("RECORD");
            String base = record ? site : infoDir;
            LineReader lines = database(content);
            List<String> files = new ArrayList<>();
            for (String line = lines.next(); line != null; line = lines.next()) {
                String relative = record ? csvFirstField(line) : line.trim();
                if (!relative.isEmpty()) {
                    String resolved = resolve(base, relative);
                    if (resolved != null) {
                        listed(files, resolved);
                    }
                }
            }
            incompleteIf(path, lines, 0);
            dist.listed = files;
        }
    }

    private List<DeclaredPackage> pythonPackages() {
        List<DeclaredPackage> out = new ArrayList<>();
        python.forEach((infoDir, dist) -> {
            String folder = infoDir.substring(infoDir.lastIndexOf('/') + 1);
            String stem = folder.substring(0, folder.lastIndexOf('.'));
            Map<String, String> meta = dist.metadata == null ? Map.of() : dist.metadata;
            String name = meta.getOrDefault("Name", stem.contains("-") ? stem.substring(0, stem.indexOf('-')) : stem);
            String version = meta.get("Version");
            if (version == null && stem.contains("-")) {
                version = stem.substring(stem.indexOf('-') + 1).split("-")[0];
            }
            String license = meta.get("License-Expression");
            if (license == null) {
                license = meta.get("License");
            }
            if (license == null || license.isBlank() || license.equalsIgnoreCase("UNKNOWN")) {
                license = meta.get("License-Classifier");
            }
            List<String> trees = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            trees.add(infoDir);
            if (dist.listed != null) {
                paths.addAll(dist.listed);
            } else {
                // no file list (Debian's egg-info): the import packages it names are its own
                String site = parent(infoDir);
                for (String top : dist.topLevel) {
                    trees.add(site + "/" + top);
                    paths.add(site + "/" + top + ".py");
                }
            }
            out.add(new DeclaredPackage(new InstalledPackage(Ecosystem.PYPI, null, name.trim(), version, license,
                    null, null, dist.metadataPath == null ? infoDir : dist.metadataPath, null), paths, trees, null));
        });
        return out;
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
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    break;
                }
            } else {
                field.append(c);
            }
        }
        return field.toString();
    }

    // ---- npm

    /** {@code .../node_modules/name} or {@code .../node_modules/@scope/name}. */
    private static boolean isNpmPackageDir(String dir) {
        String parent = parent(dir);
        if (parent.endsWith("/node_modules")) {
            return !dir.substring(dir.lastIndexOf('/') + 1).startsWith(".");
        }
        return parent.substring(parent.lastIndexOf('/') + 1).startsWith("@")
                && parent(parent).endsWith("/node_modules");
    }

    private void readNpmManifest(String path, long size, InputStream content) throws IOException {
        JsonNode json = JSON.readTree(manifest(path, size, content));
        String name = text(json.get("name"));
        String dir = parent(path);
        if (name == null) {
            name = dir.substring(parent(parent(dir)).length() + 1);
            if (!name.startsWith("@")) {
                name = dir.substring(dir.lastIndexOf('/') + 1);
            }
        }
        String namespace = null;
        if (name.startsWith("@") && name.contains("/")) {
            namespace = name.substring(0, name.indexOf('/'));
            name = name.substring(name.indexOf('/') + 1);
        }
        npm.put(dir, new InstalledPackage(Ecosystem.NPM, namespace, name, text(json.get("version")),
                npmLicense(json), null, null, path, null));
    }

    private static String npmLicense(JsonNode json) {
        JsonNode license = json.get("license");
        if (license != null && license.isObject()) {
            license = license.get("type");
        }
        String text = text(license);
        if (text == null && json.get("licenses") != null && json.get("licenses").isArray()) {
            List<String> types = new ArrayList<>();
            json.get("licenses").forEach(l -> {
                String type = text(l.isObject() ? l.get("type") : l);
                if (type != null) {
                    types.add(type);
                }
            });
            text = types.isEmpty() ? null : String.join(" OR ", types);
        }
        return text;
    }

    private void readNpmLock(String path, InputStream content) throws IOException {
        byte[] bytes = content.readNBytes(limits.maxManifestBytes() + 1);
        if (bytes.length > limits.maxManifestBytes()) {
            throw new InventoryLimitException("lockfile larger than " + limits.maxManifestBytes()
                    + " bytes, not read (versions and licences come from each package.json)");
        }
        JsonNode packages = JSON.readTree(bytes).get("packages");
        if (packages == null || !packages.isObject()) {
            return;
        }
        String base = path.endsWith("/node_modules/.package-lock.json") ? parent(parent(path)) : parent(path);
        Map<String, JsonNode> entries = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : packages.properties()) {
            if (e.getKey().startsWith("node_modules/")) {
                String dir = resolve(base, e.getKey());
                if (dir != null) {
                    entries.put(dir, e.getValue());
                }
            }
        }
        npmLocks.put(path, entries);
    }

    private List<DeclaredPackage> npmPackages() {
        Map<String, JsonNode> locked = new HashMap<>();
        npmLocks.values().forEach(locked::putAll);
        List<DeclaredPackage> out = new ArrayList<>();
        npm.forEach((dir, pkg) -> {
            JsonNode lock = locked.get(dir);
            InstalledPackage completed = pkg;
            if (lock != null) {
                String version = pkg.version() != null ? pkg.version() : text(lock.get("version"));
                String license = pkg.license() != null ? pkg.license() : text(lock.get("license"));
                completed = new InstalledPackage(pkg.ecosystem(), pkg.namespace(), pkg.name(), version, license, null,
                        null, pkg.location(), sha512(text(lock.get("integrity"))));
            }
            out.add(new DeclaredPackage(completed, List.of(), List.of(dir), "node_modules"));
        });
        return out;
    }

    /** An SRI integrity value ({@code sha512-<base64>}) as hex. */
    private static String sha512(String integrity) {
        if (integrity == null || !integrity.startsWith("sha512-")) {
            return null;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(integrity.substring(7).split(" ")[0]);
            return digest.length == 64 ? HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- jars

    private void readJar(String path, InputStream content) throws IOException {
        CappedStream capped = new CappedStream(content, limits.maxArchiveBytes());
        List<JarPoms.Pom> poms;
        try {
            poms = JarPoms.read(capped, path, limits.maxManifestBytes());
        } catch (IOException e) {
            if (capped.sourceFailed()) {
                throw e;
            }
            reason(path + ": " + (capped.capped() ? "larger than " + limits.maxArchiveBytes()
                    + " bytes: only the first were searched for pom.properties"
                    : "not a readable jar (" + e.getMessage() + ")"));
            return;
        }
        for (JarPoms.Pom pom : poms) {
            maven.add(new DeclaredPackage(new InstalledPackage(Ecosystem.MAVEN, pom.groupId(), pom.artifactId(),
                    pom.version(), null, null, null, pom.location(), null), List.of(path), List.of(), null));
        }
    }

    // ---- assembling

    /** The inventory of everything seen so far: call after the export was indexed. */
    public Inventory finish() {
        List<DeclaredPackage> all = new ArrayList<>();
        all.addAll(dpkgPackages());
        all.addAll(apk);
        all.addAll(pythonPackages());
        all.addAll(npmPackages());
        all.addAll(maven);
        List<String> why = new ArrayList<>(reasons);
        if (droppedReasons > 0) {
            why.add("... and " + droppedReasons + " more");
        }
        if (all.size() > limits.maxPackages()) {
            why.add("more than " + limits.maxPackages() + " packages: the rest are left out");
            all = all.subList(0, limits.maxPackages());
        }
        return new Inventory(all, why);
    }

    // ---- helpers

    private LineReader database(InputStream content) {
        return new LineReader(content, limits.maxDatabaseBytes(), limits.maxLineBytes());
    }

    private void incompleteIf(String path, LineReader lines, int malformed) {
        String why = lines.incompleteness();
        if (why != null) {
            reason(path + ": " + why);
        }
        if (malformed > 0) {
            reason(path + ": " + malformed + " malformed line(s) were left out (corrupt?)");
        }
    }

    private String manifest(String path, long size, InputStream content) throws IOException {
        if (size > limits.maxManifestBytes()) {
            throw new InventoryLimitException("larger than " + limits.maxManifestBytes() + " bytes, not read");
        }
        return new String(content.readNBytes((int) size), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void listed(List<String> files, String path) {
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

    private void reason(String why) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(why);
        } else {
            droppedReasons++;
        }
    }

    private static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String value = line.substring(eq + 1).trim();
                if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).trim(), value);
            }
        }
        return values;
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString().trim() : null;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
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
