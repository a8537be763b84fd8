package dev.slimline.inventory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Paragraphs of {@code Field: value} lines separated by blank lines, as dpkg's status, Python's
 * METADATA and a DEP-5 copyright file write them. Continuation lines (leading space or tab) are
 * skipped: no field read here spans lines. Repeated fields keep their first value.
 */
final class Stanzas {

    private Stanzas() {
    }

    /**
     * Calls {@code each} with every paragraph that has any of {@code wanted}, holding only those
     * fields (a status's descriptions and dependencies would cost memory for nothing); returns
     * how many lines were neither fields nor continuations.
     */
    static int read(LineReader lines, Set<String> wanted, Consumer<Map<String, String>> each) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        int malformed = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    each.accept(fields);
                    fields = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                malformed++;
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (wanted.contains(name)) {
                fields.putIfAbsent(name, line.substring(colon + 1).trim());
            }
        }
        // a file cut short ends inside its last paragraph, which is then left out
        if (!fields.isEmpty() && !lines.truncated()) {
            each.accept(fields);
        }
        return malformed;
    }

    /** The header paragraph only (METADATA's body is the long description). */
    static Map<String, String> header(LineReader lines) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line = lines.next(); line != null && !line.isBlank(); line = lines.next()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equals("Classifier") && value.startsWith("License ::")) {
                    fields.putIfAbsent("License-Classifier", value.substring(value.lastIndexOf("::") + 2).trim());
                } else {
                    fields.putIfAbsent(name, value);
                }
            }
        }
        return fields;
    }
}
