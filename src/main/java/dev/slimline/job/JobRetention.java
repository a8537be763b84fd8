package dev.slimline.job;

import dev.slimline.artifact.ArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes what finished jobs made once they are older than {@code slimline.retention.finished-jobs}:
 * their artifacts and log, and with {@code remove-images} their slim image. The job row stays,
 * marked expired, so listings and idempotent retries still find it. Every replica looks; the
 * guarded mark decides which one empties a job, in the same transaction as the deletion.
 */
@Component
class JobRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRetention.class);
    private static final int BATCH = 100;
    private static final Duration FIRST_CHECK_AT_MOST = Duration.ofMinutes(1);

    private final RetentionProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ArtifactStore artifacts;
    private final Consumer<Job> removeImage;
    private volatile ScheduledExecutorService scheduler;

    @Autowired
    JobRetention(RetentionProperties properties, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            ArtifactStore artifacts, JobService jobs) {
        this(properties, jdbc, transactions, artifacts, jobs::removeSlimImage);
    }

    JobRetention(RetentionProperties properties, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            ArtifactStore artifacts, Consumer<Job> removeImage) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.artifacts = artifacts;
        this.removeImage = removeImage;
    }

    /** Empties every job that finished before {@code now} minus the retention; returns how many this call emptied. */
    int expire(Instant now) {
        Instant cutoff = now.minus(properties.finishedJobs());
        int expired = 0;
        List<Job> due;
        do {
            due = jdbc.query("SELECT * FROM jobs WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELED')"
                    + " AND expired = FALSE AND finished_at < ? ORDER BY finished_at, id LIMIT " + BATCH,
                    (rs, n) -> Job.fromRow(rs), JobQueue.ts(cutoff));
            for (Job job : due) {
                if (expire(job, now)) {
                    expired++;
                }
            }
            // each job of a batch is marked, here or by another replica: the next batch is new ones
        } while (due.size() == BATCH);
        return expired;
    }

    private boolean expire(Job job, Instant now) {
        Boolean won = tx.execute(status -> {
            if (jdbc.update("UPDATE jobs SET expired = TRUE, updated_at = ? WHERE id = ? AND expired = FALSE",
                    JobQueue.ts(now), job.getId()) != 1) {
                return false;
            }
            jdbc.update("DELETE FROM job_log WHERE job_id = ?", job.getId());
            artifacts.deleteAll(job.getId());
            return true;
        });
        if (!Boolean.TRUE.equals(won)) {
            return false;
        }
        if (properties.removeImages()) {
            try {
                removeImage.accept(job);
            } catch (RuntimeException e) {
                log.warn("Job {} expired, but its slim image could not be removed: {}", job.getId(), e.getMessage());
            }
        }
        log.info("Job {} expired (finished {}): its artifacts and log{} removed", job.getId(), job.getFinishedAt(),
                properties.removeImages() ? " and slim image" : "");
        return true;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slimline-retention");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                expire(Instant.now());
            } catch (RuntimeException e) {
                log.warn("Could not expire old jobs: {}", e.getMessage());
            }
        }, Math.min(period, FIRST_CHECK_AT_MOST.toMillis()), period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
