package dev.slimline.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The system call names the runtime's libseccomp knows, per image architecture, read once from
 * {@code syscalls-<arch>.txt} next to this class.
 */
final class SyscallNames {

    private final Map<ImageArchitecture, Set<String>> known;

    private SyscallNames(Map<ImageArchitecture, Set<String>> known) {
        this.known = known;
    }

    static SyscallNames load() {
        Map<ImageArchitecture, Set<String>> known = new EnumMap<>(ImageArchitecture.class);
        for (ImageArchitecture arch : ImageArchitecture.values()) {
            known.put(arch, read("syscalls-" + arch.dockerName() + ".txt"));
        }
        return new SyscallNames(known);
    }

    boolean knows(ImageArchitecture arch, String name) {
        return known.get(arch).contains(name);
    }

    private static Set<String> read(String resource) {
        try (InputStream in = SyscallNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the build");
            }
            Set<String> names = new HashSet<>();
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + resource, e);
        }
    }
}
