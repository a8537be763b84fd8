package dev.slimline.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.testsupport.MigratedDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The store against the embedded database with the real migrations, chunks made small to have many. */
class ArtifactStoreTest {

    private static final int CHUNK = 16;

    private JdbcTemplate jdbc;
    private ArtifactStore store;

    @BeforeEach
    void database() {
        DataSource data = MigratedDatabase.create();
        jdbc = new JdbcTemplate(data);
        store = new ArtifactStore(jdbc, new DataSourceTransactionManager(data), CHUNK);
        job("job-1");
        job("job-2");
    }

    @Test
    void writesListsReadsAndDeletesAJobsArtifacts() throws IOException {
        store.write("job-1", "seccomp.json", "{}".getBytes(StandardCharsets.UTF_8));
        store.write("job-1", "Dockerfile", "FROM scratch\n".getBytes(StandardCharsets.UTF_8));
        store.write("job-1", "seccomp.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(store.list("job-1")).containsExactly(
                new StoredArtifact("Dockerfile", 13, "text/plain;charset=UTF-8",
                        "sha256:" + sha256("FROM scratch\n".getBytes(StandardCharsets.UTF_8))),
                new StoredArtifact("seccomp.json", 7, "application/json",
                        "sha256:" + sha256("{\"a\":1}".getBytes(StandardCharsets.UTF_8))));
        assertThat(read("job-1", "seccomp.json")).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM artifact_chunks", Integer.class))
                .as("the replaced version's chunks are gone").isEqualTo(2);
        assertThat(store.list("job-2")).isEmpty();

        store.deleteAll("job-1");

        assertThat(store.find("job-1", "seccomp.json")).isEmpty();
        assertThat(store.list("job-1")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM artifact_chunks", Integer.class)).isZero();
    }

    @Test
    void aStreamSpanningManyChunksComesBackByteForByte() throws IOException {
        byte[] content = new byte[CHUNK * 5 + 3];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }

        StoredArtifact stored = store.write("job-2", "report.json", new ByteArrayInputStream(content));

        assertThat(stored.sizeBytes()).isEqualTo(content.length);
        assertThat(stored.digest()).isEqualTo("sha256:" + sha256(content));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM artifact_chunks WHERE job_id = 'job-2'", Integer.class))
                .isEqualTo(6);
        assertThat(read("job-2", "report.json")).isEqualTo(content);
        try (InputStream in = store.open("job-2", "report.json")) {
            assertThat(in.read()).isEqualTo(content[0] & 0xff);
            assertThat(in.readNBytes(CHUNK)).isEqualTo(Arrays.copyOfRange(content, 1, CHUNK + 1));
        }
    }

    @Test
    void anEmptyArtifactIsStoredWithNoChunks() throws IOException {
        store.write("job-1", "empty.txt", new byte[0]);

        assertThat(store.find("job-1", "empty.txt")).get().extracting(StoredArtifact::sizeBytes).isEqualTo(0L);
        assertThat(read("job-1", "empty.txt")).isEmpty();
    }

    @Test
    void aReaderOfAReplacedVersionFailsRatherThanMixingVersions() throws IOException {
        store.write("job-1", "report.json", new byte[CHUNK * 3]);
        try (InputStream in = store.open("job-1", "report.json")) {
            assertThat(in.readNBytes(CHUNK)).hasSize(CHUNK);
            store.write("job-1", "report.json", new byte[CHUNK * 3]);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("replaced or removed while it was read");
        }
    }

    @Test
    void aWriteWhoseStreamBreaksLeavesNeitherArtifactNorChunksAndKeepsTheEarlierVersion() throws IOException {
        store.write("job-1", "report.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the daemon went away");
            }
        };
        InputStream breaking = new SequenceInputStream(new ByteArrayInputStream(new byte[CHUNK * 3]), failing);

        assertThatThrownBy(() -> store.write("job-1", "report.json", breaking))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("the daemon went away");

        assertThat(read("job-1", "report.json")).isEqualTo("{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM artifact_chunks", Integer.class)).isOne();
    }

    @Test
    void refusesNamesAndIdsThatAreNotOurs() {
        for (String name : new String[] {"../x", "..", ".hidden", "a/b", "a\\b", "", "x".repeat(200), "a..b"}) {
            assertThat(ArtifactStore.isValidName(name)).as(name).isFalse();
            assertThatThrownBy(() -> store.write("job-1", name, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.find("job-1", name)).isEmpty();
        }
        assertThatThrownBy(() -> store.list("../job")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ArtifactStore.isValidName("apparmor.profile")).isTrue();
    }

    private byte[] read(String jobId, String name) throws IOException {
        try (InputStream in = store.open(jobId, name)) {
            return in.readAllBytes();
        }
    }

    private void job(String id) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update("INSERT INTO jobs (id, status, image, spec, created_at, updated_at) VALUES (?, 'SUCCEEDED',"
                + " 'tiny', '{}', ?, ?)", id, now, now);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
