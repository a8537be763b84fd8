package dev.slimline.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Job metrics: {@code slimline.jobs{status}} counts the jobs in the database (shared by every
 * instance, read at most every few seconds), {@code slimline.jobs.submitted} and
 * {@code slimline.jobs.finished{status}} count what this instance did, and
 * {@code slimline.jobs.duration{status}} times its runs.
 */
@Component
class JobMetrics {

    private static final Duration SNAPSHOT_AGE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final JobQueue queue;
    private final Counter submitted;
    private Map<JobStatus, Long> snapshot = Map.of();
    private Instant snapshotAt = Instant.EPOCH;

    JobMetrics(MeterRegistry registry, JobQueue queue) {
        this.registry = registry;
        this.queue = queue;
        this.submitted = Counter.builder("slimline.jobs.submitted").description("Jobs accepted by this instance")
                .register(registry);
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("slimline.jobs", this, metrics -> metrics.count(status))
                    .description("Jobs in the database by status").tag("status", status.name()).register(registry);
        }
    }

    void submitted() {
        submitted.increment();
    }

    void finished(JobStatus status, Duration took) {
        Counter.builder("slimline.jobs.finished").description("Jobs this instance ran to an end, by outcome")
                .tag("status", status.name()).register(registry).increment();
        Timer.builder("slimline.jobs.duration").description("How long this instance's job runs took, by outcome")
                .tag("status", status.name()).register(registry).record(took);
    }

    private synchronized double count(JobStatus status) {
        Instant now = Instant.now();
        if (snapshotAt.plus(SNAPSHOT_AGE).isBefore(now)) {
            try {
                Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
                queue.countByStatus().forEach(c -> counts.put(c.status(), c.count()));
                snapshot = counts;
                snapshotAt = now;
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
        return snapshot.getOrDefault(status, 0L);
    }
}
