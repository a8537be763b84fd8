package dev.slimline.artifact;

import dev.slimline.SlimlineProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Job artifacts as files under {@code <data-dir>/artifacts/<jobId>/<name>}. Each file appears
 * whole or not at all: it is written to a temporary file in the same directory, forced to disk
 * and renamed into place. Names are checked, so no name can leave the job's directory.
 */
@Component
public class ArtifactStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public ArtifactStore(SlimlineProperties properties) {
        this.root = properties.dataDir().resolve("artifacts").toAbsolutePath().normalize();
    }

    /** Whether {@code name} may name an artifact: letters, digits, {@code . _ -}, no leading dot. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    public void write(String jobId, String name, byte[] content) {
        Path dir = jobDir(jobId);
        Path target = dir.resolve(checkedName(name));
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("store artifact " + name + " of job " + jobId, e);
        }
    }

    /** The job's stored artifacts, by name. */
    public List<StoredArtifact> list(String jobId) {
        Path dir = jobDir(jobId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredArtifact> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (isValidName(name) && Files.isRegularFile(file)) {
                    out.add(new StoredArtifact(name, Files.size(file)));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("list artifacts of job " + jobId, e);
        }
        out.sort(Comparator.comparing(StoredArtifact::name));
        return out;
    }

    public Optional<StoredArtifact> find(String jobId, String name) {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        Path file = jobDir(jobId).resolve(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(new StoredArtifact(name, Files.size(file)))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The artifact's content; the caller closes it. */
    public InputStream open(String jobId, String name) throws IOException {
        return Files.newInputStream(jobDir(jobId).resolve(checkedName(name)));
    }

    /** Removes the job's directory and everything in it; a missing one is fine. */
    public void deleteAll(String jobId) {
        Path dir = jobDir(jobId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("delete artifacts of job " + jobId, e);
        }
    }

    private Path jobDir(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a job id: " + jobId);
        }
        return root.resolve(jobId);
    }

    private static String checkedName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("not an artifact name: " + name);
        }
        return name;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }
}
