package dev.slimline.inventory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Maven artifacts: the ones a jar names in {@code META-INF/maven/<group>/<artifact>/pom.properties}, read
 * straight from the tar stream with a {@link ZipInputStream} (local headers, no central directory,
 * so nothing is buffered), in the jar and in the jars it nests one level down
 * ({@code BOOT-INF/lib/*.jar}, {@code WEB-INF/lib/*.jar}).
 */
final class JarPoms {

    /** One {@code pom.properties}: {@code location} is {@code /app.jar!/BOOT-INF/lib/x.jar!/META-INF/...}. */
    record Pom(String groupId, String artifactId, String version, String location) {
    }

    private final List<DeclaredPackage> found = new ArrayList<>();

    /** Reads a jar of the export; one that is corrupt or over the limit costs a reason, not the index. */
    void read(Reading reading, String path, InputStream content) throws IOException {
        CappedStream capped = new CappedStream(content, reading.limits().maxArchiveBytes());
        List<Pom> poms;
        try {
            poms = read(capped, path, reading.limits().maxManifestBytes());
        } catch (IOException e) {
            if (capped.sourceFailed()) {
                throw e;
            }
            reading.reason(path + ": " + (capped.capped() ? "larger than " + reading.limits().maxArchiveBytes()
                    + " bytes: only the first were searched for pom.properties"
                    : "not a readable jar (" + e.getMessage() + ")"));
            return;
        }
        for (Pom pom : poms) {
            found.add(new DeclaredPackage(new InstalledPackage(Ecosystem.MAVEN, pom.groupId(), pom.artifactId(),
                    pom.version(), null, null, null, pom.location(), null), List.of(path), List.of(), null));
        }
    }

    List<DeclaredPackage> packages() {
        return List.copyOf(found);
    }

    static boolean isArchive(String path) {
        String lower = path.toLowerCase();
        return lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear");
    }

    /**
     * Reads a jar's entries until its end or the stream's.
     *
     * @throws IOException when the jar is not a readable zip
     */
    static List<Pom> read(InputStream jar, String path, int maxManifestBytes) throws IOException {
        List<Pom> poms = new ArrayList<>();
        read(new ZipInputStream(jar), path, maxManifestBytes, poms, true);
        return poms;
    }

    private static void read(ZipInputStream zip, String location, int maxManifestBytes, List<Pom> poms,
            boolean outer) throws IOException {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            String name = e.getName();
            if (isPomProperties(name)) {
                byte[] bytes = zip.readNBytes(maxManifestBytes + 1);
                if (bytes.length > maxManifestBytes) {
                    throw new InventoryLimitException(location + "!/" + name + " is larger than " + maxManifestBytes
                            + " bytes");
                }
                Properties properties = new Properties();
                properties.load(new ByteArrayInputStream(bytes));
                String artifactId = properties.getProperty("artifactId");
                if (artifactId != null && !artifactId.isBlank()) {
                    poms.add(new Pom(blankToNull(properties.getProperty("groupId")), artifactId.trim(),
                            blankToNull(properties.getProperty("version")), location + "!/" + name));
                }
            } else if (outer && !e.isDirectory() && isArchive(name)) {
                // the nested stream ends with the entry, so the outer one continues behind it
                read(new ZipInputStream(zip), location + "!/" + name, maxManifestBytes, poms, false);
            }
        }
    }

    private static boolean isPomProperties(String name) {
        return name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")
                && name.chars().filter(c -> c == '/').count() == 4;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
