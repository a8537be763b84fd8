package dev.slimline.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * npm packages: each {@code node_modules/<name>/package.json} or
 * {@code node_modules/@scope/<name>/package.json} is one, owning its folder but not the
 * {@code node_modules} inside it (those are packages of their own). A lockfile
 * ({@code package-lock.json} beside the {@code node_modules} it describes, or npm's hidden
 * {@code node_modules/.package-lock.json}) adds what a package.json lacks and the integrity hash.
 */
final class NpmPackages {

    static final String NESTED = "node_modules";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, InstalledPackage> manifests = new TreeMap<>();
    private final Map<String, JsonNode> locked = new HashMap<>();

    static boolean isManifest(String path) {
        if (!path.endsWith("/package.json")) {
            return false;
        }
        String dir = Reading.parent(path);
        String parent = Reading.parent(dir);
        if (parent.endsWith("/" + NESTED)) {
            return !Reading.name(dir).startsWith(".");
        }
        return Reading.name(parent).startsWith("@") && Reading.parent(parent).endsWith("/" + NESTED);
    }

    static boolean isLockfile(String path) {
        return path.endsWith("/package-lock.json") && !path.contains("/" + NESTED + "/")
                || path.endsWith("/" + NESTED + "/.package-lock.json");
    }

    void readManifest(Reading reading, String path, long size, InputStream content) throws IOException {
        JsonNode json = JSON.readTree(reading.manifest(size, content));
        String dir = Reading.parent(path);
        String name = text(json.get("name"));
        if (name == null) {
            String parent = Reading.parent(dir);
            name = Reading.name(parent).startsWith("@") ? Reading.name(parent) + "/" + Reading.name(dir)
                    : Reading.name(dir);
        }
        String scope = null;
        if (name.startsWith("@") && name.contains("/")) {
            scope = name.substring(0, name.indexOf('/'));
            name = name.substring(name.indexOf('/') + 1);
        }
        manifests.put(dir, new InstalledPackage(Ecosystem.NPM, scope, name, text(json.get("version")), license(json),
                null, null, path, null));
    }

    void readLockfile(Reading reading, String path, InputStream content) throws IOException {
        int max = reading.limits().maxManifestBytes();
        byte[] bytes = content.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new InventoryLimitException("lockfile larger than " + max
                    + " bytes, not read (versions and licences come from each package.json)");
        }
        JsonNode packages = JSON.readTree(bytes).get("packages");
        if (packages == null || !packages.isObject()) {
            return;
        }
        String base = path.endsWith("/.package-lock.json") ? Reading.parent(Reading.parent(path))
                : Reading.parent(path);
        for (Map.Entry<String, JsonNode> e : packages.properties()) {
            String dir = e.getKey().startsWith(NESTED + "/") ? Reading.resolve(base, e.getKey()) : null;
            if (dir != null) {
                locked.put(dir, e.getValue());
            }
        }
    }

    List<DeclaredPackage> packages() {
        List<DeclaredPackage> out = new ArrayList<>();
        manifests.forEach((dir, pkg) -> {
            JsonNode lock = locked.get(dir);
            InstalledPackage completed = lock == null ? pkg : new InstalledPackage(pkg.ecosystem(), pkg.namespace(),
                    pkg.name(), pkg.version() != null ? pkg.version() : text(lock.get("version")),
                    pkg.license() != null ? pkg.license() : text(lock.get("license")), null, null, pkg.location(),
                    sha512(text(lock.get("integrity"))));
            out.add(new DeclaredPackage(completed, List.of(), List.of(dir), NESTED));
        });
        return out;
    }

    /** {@code "license": "MIT"}, the older {@code {"type": "MIT"}}, or a {@code licenses} array. */
    private static String license(JsonNode json) {
        JsonNode license = json.get("license");
        if (license != null && license.isObject()) {
            license = license.get("type");
        }
        String text = text(license);
        JsonNode licenses = json.get("licenses");
        if (text == null && licenses != null && licenses.isArray()) {
            List<String> types = new ArrayList<>();
            licenses.forEach(l -> {
                String type = text(l.isObject() ? l.get("type") : l);
                if (type != null) {
                    types.add(type);
                }
            });
            text = types.isEmpty() ? null : String.join(" OR ", types);
        }
        return text;
    }

    /** An SRI integrity value ({@code sha512-<base64>}) as hex. */
    private static String sha512(String integrity) {
        if (integrity == null || !integrity.startsWith("sha512-")) {
            return null;
        }
        try {
            byte[] digest = Base64.getDecoder().decode(integrity.substring("sha512-".length()).split(" ")[0]);
            return digest.length == 64 ? HexFormat.of().formatHex(digest) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString().trim() : null;
    }
}
