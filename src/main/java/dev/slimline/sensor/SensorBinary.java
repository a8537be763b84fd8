package dev.slimline.sensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The sensor executable for one CPU architecture, built with the project into the classpath
 * ({@code sensor/linux-<arch>/slimline-sensor}), and the tar that installs it into a created
 * container through the archive API.
 */
public final class SensorBinary {

    private static final List<String> ARCHITECTURES = List.of("amd64", "arm64");
    private static final int DIRECTORY_MODE = 0_040_000 | 0_1777;
    private static final int EXECUTABLE_MODE = 0_100_000 | 0_755;

    private final String architecture;
    private final byte[] executable;

    private SensorBinary(String architecture, byte[] executable) {
        this.architecture = architecture;
        this.executable = executable;
    }

    /**
     * The sensor for an image architecture as Docker names it ({@code amd64}, {@code arm64}; the
     * kernel's {@code x86_64} and {@code aarch64} are accepted too).
     *
     * @throws IllegalArgumentException for an architecture the sensor does not support
     * @throws IllegalStateException when the sensor for it was not built into this copy of Slimline
     */
    public static SensorBinary forArchitecture(String architecture) {
        String arch = normalise(architecture);
        try (InputStream in = SensorBinary.class.getClassLoader().getResourceAsStream(resource(arch))) {
            if (in == null) {
                throw new IllegalStateException("the sensor for linux/" + arch + " was not built into this Slimline"
                        + (arch.equals("arm64") ? " (building it needs gcc-aarch64-linux-gnu)" : ""));
            }
            return new SensorBinary(arch, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the sensor for linux/" + arch + " failed", e);
        }
    }

    /** The architectures a sensor was built for, in Docker's names. */
    public static Set<String> availableArchitectures() {
        Set<String> available = new LinkedHashSet<>();
        for (String arch : ARCHITECTURES) {
            if (SensorBinary.class.getClassLoader().getResource(resource(arch)) != null) {
                available.add(arch);
            }
        }
        return available;
    }

    public String architecture() {
        return architecture;
    }

    public int size() {
        return executable.length;
    }

    byte[] executable() {
        return executable.clone();
    }

    /**
     * A tar to unpack at {@code /} of a container: {@link SensorCommand#DIRECTORY} (mode 1777, so
     * the sensor can write its report whatever user the image runs as) holding the executable (0755).
     */
    public byte[] installArchive() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(executable.length + 4096);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            String directory = SensorCommand.DIRECTORY.substring(1) + "/";
            TarArchiveEntry dir = new TarArchiveEntry(directory);
            dir.setMode(DIRECTORY_MODE);
            dir.setIds(0, 0);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry(SensorCommand.EXECUTABLE.substring(1));
            file.setMode(EXECUTABLE_MODE);
            file.setIds(0, 0);
            file.setSize(executable.length);
            tar.putArchiveEntry(file);
            tar.write(executable);
            tar.closeArchiveEntry();
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("packing the sensor failed", e);
        }
        return bytes.toByteArray();
    }

    private static String normalise(String architecture) {
        String arch = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
        if (!ARCHITECTURES.contains(arch)) {
            throw new IllegalArgumentException("the sensor runs on linux/amd64 and linux/arm64, not on '"
                    + architecture + "'");
        }
        return arch;
    }

    private static String resource(String arch) {
        return "sensor/linux-" + arch + "/slimline-sensor";
    }
}
