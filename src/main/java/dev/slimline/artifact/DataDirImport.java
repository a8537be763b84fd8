package dev.slimline.artifact;

import dev.slimline.SlimlineProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Moves artifacts that earlier versions kept as files ({@code <data-dir>/artifacts/<job>/<name>})
 * into the database on start-up, then deletes the files, so an existing data directory keeps its
 * jobs' artifacts. An artifact the database already has is not overwritten; files of jobs the
 * database does not know are left where they are. Without such a directory nothing happens and
 * nothing is created.
 */
@Component
class DataDirImport implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DataDirImport.class);

    private final Path root;
    private final ArtifactStore store;

    DataDirImport(SlimlineProperties properties, ArtifactStore store) {
        this.root = properties.dataDir().resolve("artifacts").toAbsolutePath().normalize();
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!Files.isDirectory(root)) {
            return;
        }
        int imported = 0;
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path job : jobs) {
                imported += importJob(job);
            }
            deleteIfEmpty(root);
        } catch (IOException e) {
            throw new UncheckedIOException("import the artifacts under " + root, e);
        }
        if (imported > 0) {
            log.info("Imported {} artifact file(s) from {} into the database and deleted the files", imported, root);
        }
    }

    private int importJob(Path dir) throws IOException {
        String jobId = dir.getFileName().toString();
        int imported = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!ArtifactStore.isValidName(name)) {
                    continue;
                }
                if (store.find(jobId, name).isEmpty()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        store.write(jobId, name, in);
                    }
                    imported++;
                }
                Files.delete(file);
            }
        } catch (IllegalArgumentException | DataIntegrityViolationException e) {
            log.warn("Artifacts under {} not imported: the database has no such job ({})", dir, e.getMessage());
            return imported;
        }
        deleteIfEmpty(dir);
        return imported;
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(dir)) {
            if (!left.iterator().hasNext()) {
                Files.delete(dir);
            }
        }
    }
}
