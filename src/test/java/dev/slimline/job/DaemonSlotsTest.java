package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.DockerProperties;
import dev.slimline.testsupport.MigratedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Daemon slots are counted in the database: two replicas (two queues on one embedded database)
 * claiming at once never put more jobs on a daemon than its capacity.
 */
class DaemonSlotsTest {

    private static final DockerProperties.Host A = new DockerProperties.Host("a", "tcp://a:2376", null, 1);
    private static final DockerProperties.Host B = new DockerProperties.Host("b", "tcp://b:2376", null, 2);
    private static final List<DockerProperties.Host> BOTH = List.of(A, B);

    private JdbcTemplate jdbc;
    private JobQueue one;
    private JobQueue two;

    @BeforeEach
    void database() {
        DataSource data = MigratedDatabase.create();
        jdbc = new JdbcTemplate(data);
        one = new JobQueue(jdbc, new DataSourceTransactionManager(data));
        two = new JobQueue(jdbc, new DataSourceTransactionManager(data));
        for (int i = 0; i < 6; i++) {
            OffsetDateTime created = OffsetDateTime.parse("2026-01-01T00:00:00Z").plusSeconds(i);
            jdbc.update("INSERT INTO jobs (id, status, image, spec, created_at, updated_at) VALUES (?, 'QUEUED',"
                    + " 'tiny', '{}', ?, ?)", "job-" + i, created, created);
        }
    }

    @Test
    void replicasTogetherFillEachDaemonUpToItsCapacityAndNoFurther() {
        List<JobQueue.Claimed> claimed = new ArrayList<>();
        claimed.add(one.claimNext("one", BOTH, Instant.now()).orElseThrow());
        claimed.add(two.claimNext("two", BOTH, Instant.now()).orElseThrow());
        claimed.add(one.claimNext("one", BOTH, Instant.now()).orElseThrow());

        assertThat(claimed).extracting(JobQueue.Claimed::dockerHost).containsExactly("a", "b", "b");
        assertThat(claimed).extracting(JobQueue.Claimed::id).containsExactly("job-0", "job-1", "job-2");
        assertThat(two.claimNext("two", BOTH, Instant.now())).as("every daemon full").isEmpty();
        assertThat(status("job-3")).as("the next job stays queued").isEqualTo("QUEUED");
        assertThat(jdbc.queryForObject("SELECT docker_host FROM jobs WHERE id = 'job-1'", String.class))
                .isEqualTo("b");

        one.releaseSlot("job-0", "two");
        assertThat(two.claimNext("two", BOTH, Instant.now())).as("another instance's slot stays taken").isEmpty();
        one.releaseSlot("job-0", "one");
        assertThat(two.claimNext("two", BOTH, Instant.now())).map(JobQueue.Claimed::dockerHost).contains("a");
    }

    @Test
    void aJobHandedBackOrRequeuedGivesItsSlotBack() {
        JobQueue.Claimed first = one.claimNext("one", List.of(A), Instant.now()).orElseThrow();
        assertThat(two.claimNext("two", List.of(A), Instant.now())).isEmpty();

        assertThat(one.release(first.id(), "one", Instant.now())).isTrue();
        JobQueue.Claimed again = two.claimNext("two", List.of(A), Instant.now()).orElseThrow();
        assertThat(again.id()).as("the handed-back job is the oldest queued").isEqualTo(first.id());

        Instant later = Instant.now().plusSeconds(120);
        JobQueue.Claim stale = one.staleClaims(later, null).get(0);
        assertThat(one.requeue(stale, later)).isTrue();
        assertThat(one.claimNext("one", List.of(A), later)).map(JobQueue.Claimed::id).contains(first.id());
    }

    @Test
    void slotsOfJobsThatEndedWithoutTheirInstanceAreFreedAfterTheCutoff() {
        JobQueue.Claimed claimed = one.claimNext("one", List.of(A), Instant.now()).orElseThrow();
        Instant ended = Instant.now();
        assertThat(one.end(claimed.id(), "one", JobStatus.FAILED, null, "broke", ended)).isTrue();

        assertThat(two.releaseSlotsEndedBefore(ended.minus(Duration.ofSeconds(1)))).as("ended too recently")
                .isZero();
        assertThat(two.claimNext("two", List.of(A), Instant.now())).as("its instance may still be cleaning up")
                .isEmpty();
        assertThat(two.releaseSlotsEndedBefore(ended.plus(Duration.ofSeconds(1)))).isOne();
        assertThat(two.claimNext("two", List.of(A), Instant.now())).isPresent();
    }

    @Test
    void aDeletedJobTakesItsSlotWithIt() {
        JobQueue.Claimed claimed = one.claimNext("one", List.of(A), Instant.now()).orElseThrow();
        one.end(claimed.id(), "one", JobStatus.CANCELED, null, "canceled", Instant.now());

        assertThat(one.deleteFinished(claimed.id())).isTrue();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM daemon_slots", Integer.class)).isZero();
        Optional<JobQueue.Claimed> next = two.claimNext("two", List.of(A), Instant.now());
        assertThat(next).isPresent();
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM jobs WHERE id = ?", String.class, id);
    }
}
