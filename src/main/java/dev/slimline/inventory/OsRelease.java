package dev.slimline.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/** The distribution {@code os-release} names, for OS packages' purls ({@code pkg:deb/debian/...?distro=debian-12}). */
final class OsRelease {

    private final Map<String, String> values = new HashMap<>();
    private String readFrom;

    static boolean isOsRelease(String path) {
        return path.equals("/etc/os-release") || path.equals("/usr/lib/os-release");
    }

    /** {@code /etc/os-release} wins over {@code /usr/lib/os-release}, as for systemd. */
    void read(Reading reading, String path, long size, InputStream content) throws IOException {
        if (readFrom != null && readFrom.startsWith("/etc/")) {
            return;
        }
        readFrom = path;
        values.clear();
        for (String line : reading.manifest(size, content).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String value = line.substring(eq + 1).trim();
                if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, eq).trim(), value);
            }
        }
    }

    /** {@code debian}, {@code ubuntu}, {@code alpine}; {@code fallback} when unknown. */
    String id(String fallback) {
        return values.getOrDefault("ID", fallback);
    }

    /** {@code debian-12}; null when unknown. */
    String distro() {
        String id = values.get("ID");
        String version = values.get("VERSION_ID");
        return id == null ? null : version == null ? id : id + "-" + version;
    }
}
