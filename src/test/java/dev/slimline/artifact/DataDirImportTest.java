package dev.slimline.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.SlimlineProperties;
import dev.slimline.testsupport.MigratedDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A data directory of an earlier version, with artifacts as files, moved into the database on start-up. */
class DataDirImportTest {

    @TempDir
    Path data;

    private JdbcTemplate jdbc;
    private ArtifactStore store;

    @BeforeEach
    void database() {
        DataSource source = MigratedDatabase.create();
        jdbc = new JdbcTemplate(source);
        store = new ArtifactStore(jdbc, new DataSourceTransactionManager(source));
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update("INSERT INTO jobs (id, status, image, spec, created_at, updated_at) VALUES ('job-1', 'SUCCEEDED',"
                + " 'tiny', '{}', ?, ?)", now, now);
    }

    @Test
    void artifactFilesOfKnownJobsAreImportedAndDeletedOthersLeftAlone() throws IOException {
        file("job-1/seccomp.json", "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        file("job-1/Dockerfile", "FROM scratch\n");
        file("job-1/.tmp-1234", "half written");
        file("job-unknown/report.json", "{}");

        new DataDirImport(new SlimlineProperties(data), store).run(null);

        assertThat(store.list("job-1")).extracting(StoredArtifact::name).containsExactly("Dockerfile", "seccomp.json");
        try (InputStream in = store.open("job-1", "seccomp.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        }
        assertThat(data.resolve("artifacts/job-1/seccomp.json")).doesNotExist();
        assertThat(data.resolve("artifacts/job-1/Dockerfile")).doesNotExist();
        assertThat(data.resolve("artifacts/job-1/.tmp-1234")).as("not an artifact: left for a person to look at")
                .exists();
        assertThat(data.resolve("artifacts/job-unknown/report.json")).as("a job this database does not know")
                .exists();
    }

    @Test
    void anArtifactTheDatabaseHasAlreadyIsNotOverwrittenAndAnEmptiedDirectoryGoes() throws IOException {
        store.write("job-1", "report.json", "{\"newer\":true}".getBytes(StandardCharsets.UTF_8));
        file("job-1/report.json", "{\"older\":true}");

        new DataDirImport(new SlimlineProperties(data), store).run(null);

        try (InputStream in = store.open("job-1", "report.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"newer\":true}");
        }
        assertThat(data.resolve("artifacts")).doesNotExist();
    }

    @Test
    void withoutAnArtifactsDirectoryNothingIsMade() {
        new DataDirImport(new SlimlineProperties(data.resolve("nowhere")), store).run(null);

        assertThat(data.resolve("nowhere")).doesNotExist();
    }

    private void file(String path, String content) throws IOException {
        Path file = data.resolve("artifacts").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
