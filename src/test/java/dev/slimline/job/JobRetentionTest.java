package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.artifact.ArtifactStore;
import dev.slimline.testsupport.MigratedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Retention against the embedded database with the real migrations and artifact store. */
class JobRetentionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactions;
    private ArtifactStore artifacts;
    private final List<String> imagesRemoved = new ArrayList<>();

    @BeforeEach
    void database() {
        DataSource data = MigratedDatabase.create();
        jdbc = new JdbcTemplate(data);
        transactions = new DataSourceTransactionManager(data);
        artifacts = new ArtifactStore(jdbc, transactions);
    }

    @Test
    void aJobFinishedLongerAgoThanTheRetentionLosesArtifactsAndLogButStaysListed() {
        job("old", "SUCCEEDED", NOW.minus(Duration.ofDays(31)));
        job("recent", "FAILED", NOW.minus(Duration.ofDays(29)));
        job("running", "RUNNING", null);

        int expired = retention(false).expire(NOW);

        assertThat(expired).isOne();
        assertThat(expired("old")).isTrue();
        assertThat(artifacts.list("old")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM job_log WHERE job_id = 'old'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM jobs WHERE id = 'old'", String.class))
                .isEqualTo("SUCCEEDED");
        for (String kept : List.of("recent", "running")) {
            assertThat(expired(kept)).as(kept).isFalse();
            assertThat(artifacts.list(kept)).as(kept).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM job_log WHERE job_id = ?", Integer.class, kept))
                    .as(kept).isOne();
        }
        assertThat(imagesRemoved).as("images are kept unless asked").isEmpty();
        assertThat(retention(false).expire(NOW)).as("nothing left to expire").isZero();
    }

    @Test
    void withRemoveImagesTheSlimImageGoesToo() {
        job("old", "SUCCEEDED", NOW.minus(Duration.ofDays(40)));

        retention(true).expire(NOW);

        assertThat(imagesRemoved).containsExactly("old");
    }

    @Test
    void aSecondReplicaDoesNotEmptyAJobTwice() {
        job("old", "CANCELED", NOW.minus(Duration.ofDays(40)));

        assertThat(retention(true).expire(NOW)).isOne();
        assertThat(retention(true).expire(NOW)).isZero();
        assertThat(imagesRemoved).containsExactly("old");
    }

    @Test
    void manyJobsAreExpiredInBatches() {
        for (int i = 0; i < 150; i++) {
            job("old-" + i, "FAILED", NOW.minus(Duration.ofDays(31)).plusSeconds(i));
        }

        assertThat(retention(false).expire(NOW)).isEqualTo(150);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE expired = FALSE", Integer.class)).isZero();
    }

    private JobRetention retention(boolean removeImages) {
        return new JobRetention(new RetentionProperties(Duration.ofDays(30), removeImages, Duration.ofHours(1)), jdbc,
                transactions, artifacts, job -> imagesRemoved.add(job.getId()));
    }

    private boolean expired(String id) {
        return jdbc.queryForObject("SELECT expired FROM jobs WHERE id = ?", Boolean.class, id);
    }

    private void job(String id, String status, Instant finished) {
        OffsetDateTime created = NOW.minus(Duration.ofDays(60)).atOffset(ZoneOffset.UTC);
        jdbc.update("INSERT INTO jobs (id, status, image, spec, created_at, updated_at, finished_at) VALUES (?, ?,"
                + " 'tiny', '{}', ?, ?, ?)", id, status, created, created,
                finished == null ? null : finished.atOffset(ZoneOffset.UTC));
        jdbc.update("INSERT INTO job_log (job_id, seq, logged_at, line) VALUES (?, 1, ?, 'started')", id, created);
        artifacts.write(id, "report.json", "{}".getBytes());
    }
}
