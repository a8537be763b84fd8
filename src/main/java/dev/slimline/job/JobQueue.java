package dev.slimline.job;

import dev.slimline.docker.DockerProperties;
import dev.slimline.pipeline.Phase;
import dev.slimline.pipeline.SlimResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change of a job's state after it was queued, as one guarded SQL statement each. The
 * guards ({@code status = 'RUNNING' AND claimed_by = ?} and the like) make each transition happen
 * at most once however many instances race for it; a method returns whether its transition won.
 * Claiming uses {@code FOR UPDATE SKIP LOCKED}, which PostgreSQL and H2 2.x both understand, so
 * concurrent claimers never wait on each other's candidate row. A job's encrypted registry
 * credentials are erased with the transition that ends it: no run will need them again.
 */
@Component
class JobQueue {


    private static final int MAX_REASON = 4000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    JobQueue(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Takes the oldest queued job for {@code instanceId} together with a slot on the least loaded
     * of {@code daemons} that has room, counting every replica's slots: both in one transaction,
     * so no daemon runs more jobs than its capacity however many replicas claim at once. The
     * claimers of one daemon take turns by locking its row in {@code docker_daemons}. Empty when
     * no job waits or every daemon is full.
     */
    Optional<Claimed> claimNext(String instanceId, List<DockerProperties.Host> daemons, Instant now) {
        if (daemons.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = daemons.stream().map(DockerProperties.Host::name).sorted().toList();
        names.forEach(this::registerDaemon);
        String in = String.join(",", Collections.nCopies(names.size(), "?"));
        return tx.execute(status -> {
            List<String> ids = jdbc.queryForList("SELECT id FROM jobs WHERE status = 'QUEUED'"
                    + " ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED", String.class);
            if (ids.isEmpty()) {
                return Optional.<Claimed>empty();
            }
            // in name order, so two claimers never wait on each other's locks in a cycle
            jdbc.queryForList("SELECT name FROM docker_daemons WHERE name IN (" + in + ") ORDER BY name FOR UPDATE",
                    String.class, names.toArray());
            Map<String, Integer> running = new HashMap<>();
            jdbc.query("SELECT docker_host, COUNT(*) FROM daemon_slots WHERE docker_host IN (" + in + ")"
                    + " GROUP BY docker_host", rs -> {
                        running.put(rs.getString(1), rs.getInt(2));
                    }, names.toArray());
            Optional<String> host = DaemonChoice.leastLoaded(daemons, running);
            if (host.isEmpty()) {
                return Optional.<Claimed>empty();
            }
            String id = ids.get(0);
            int claimed = jdbc.update("UPDATE jobs SET status = 'RUNNING', claimed_by = ?, docker_host = ?,"
                    + " heartbeat_at = ?, started_at = ?, updated_at = ?, attempts = attempts + 1, phase = NULL,"
                    + " progress = 0 WHERE id = ? AND status = 'QUEUED'", instanceId, host.get(), ts(now), ts(now),
                    ts(now), id);
            if (claimed != 1) {
                return Optional.<Claimed>empty();
            }
            jdbc.update("INSERT INTO daemon_slots (job_id, docker_host, claimed_by, acquired_at) VALUES (?, ?, ?, ?)",
                    id, host.get(), instanceId, ts(now));
            return Optional.of(new Claimed(id, host.get()));
        });
    }

    /** Gives back the daemon slot {@code instanceId} took for the job, once its run has ended. */
    void releaseSlot(String id, String instanceId) {
        jdbc.update("DELETE FROM daemon_slots WHERE job_id = ? AND claimed_by = ?", id, instanceId);
    }

    /** Gives back the daemon slot of a job that ended without the instance that ran it. */
    void releaseSlotOfEnded(String id) {
        jdbc.update("DELETE FROM daemon_slots WHERE job_id = ? AND job_id IN (SELECT id FROM jobs"
                + " WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELED'))", id);
    }

    /**
     * Frees slots still held by jobs that ended before {@code cutoff}: their instance died between
     * ending the job and giving the slot back. Returns how many.
     */
    int releaseSlotsEndedBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM daemon_slots WHERE job_id IN (SELECT id FROM jobs"
                + " WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELED') AND updated_at < ?)", ts(cutoff));
    }

    /** A daemon's lock row; made once per name, by whichever replica comes first. */
    private void registerDaemon(String name) {
        if (registered.contains(name)) {
            return;
        }
        try {
            jdbc.update("INSERT INTO docker_daemons (name) SELECT ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM docker_daemons WHERE name = ?)", name, name);
        } catch (DuplicateKeyException e) {
            // another replica made it at the same moment
        }
        registered.add(name);
    }

    /** Renews the claims on {@code ids}; returns those this instance still holds. */
    List<String> heartbeat(String instanceId, Collection<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(ids.size(), "?"));
        Object[] args = new Object[ids.size() + 2];
        args[0] = ts(now);
        args[1] = instanceId;
        System.arraycopy(ids.toArray(), 0, args, 2, ids.size());
        jdbc.update("UPDATE jobs SET heartbeat_at = ? WHERE claimed_by = ? AND status = 'RUNNING' AND id IN (" + in
                + ")", args);
        return jdbc.queryForList("SELECT id FROM jobs WHERE claimed_by = ? AND status = 'RUNNING'", String.class,
                instanceId);
    }

    /** Running jobs of this instance that someone asked to cancel. */
    List<String> cancelRequested(String instanceId) {
        return jdbc.queryForList("SELECT id FROM jobs WHERE claimed_by = ? AND status = 'RUNNING'"
                + " AND cancel_requested = TRUE", String.class, instanceId);
    }

    void progress(String id, String instanceId, Phase phase, int percent, Instant now) {
        jdbc.update("UPDATE jobs SET phase = ?, progress = ?, updated_at = ? WHERE id = ? AND status = 'RUNNING'"
                + " AND claimed_by = ?", phase == null ? null : phase.name(), percent, ts(now), id, instanceId);
    }

    /** Where the running job's application can be reached (JSON), or null once its observation ended. */
    void observationEndpoints(String id, String instanceId, String endpointsJson, Instant now) {
        jdbc.update("UPDATE jobs SET observation_endpoints = ?, updated_at = ? WHERE id = ? AND status = 'RUNNING'"
                + " AND claimed_by = ?", endpointsJson, ts(now), id, instanceId);
    }

    boolean succeed(String id, String instanceId, SlimResult result, String judgingJson, Instant now) {
        // a slim image that did not answer like the original is no success, but its result and
        // artifacts are kept so the difference can be looked into
        boolean unverified = result.verificationFailed();
        return jdbc.update("UPDATE jobs SET status = ?, error_phase = ?, error_reason = ?, progress = 100,"
                + " secrets = NULL, finished_at = ?, updated_at = ?,"
                + " original_image = ?, original_image_id = ?, original_size_bytes = ?, slim_image = ?,"
                + " slim_image_id = ?, slim_size_bytes = ?, verified = ?, verification_failure = ?,"
                + " inventory_summary = ?, judging = ?, verification = ?, probe_counts = ?"
                + " WHERE id = ? AND status = 'RUNNING' AND claimed_by = ?",
                unverified ? JobStatus.FAILED.name() : JobStatus.SUCCEEDED.name(),
                unverified ? Phase.VERIFY.name() : null,
                unverified ? bounded("verification failed: " + result.verificationFailure()) : null,
                ts(now), ts(now), result.originalImage(), result.originalImageId(), result.originalSizeBytes(),
                result.slimImage(), result.slimImageId(), result.slimSizeBytes(), result.verified(),
                bounded(result.verificationFailure()),
                InventorySummaryJson.write(result.inventory()), judgingJson,
                result.verification() == null ? null : result.verification().name(),
                ProbeCountsJson.write(result.probeCounts()), id, instanceId) == 1;
    }

    /** Ends a running job of {@code instanceId} as FAILED or CANCELED with a reason. */
    boolean end(String id, String instanceId, JobStatus status, Phase phase, String reason, Instant now) {
        return jdbc.update("UPDATE jobs SET status = ?, error_phase = ?, error_reason = ?, secrets = NULL,"
                + " finished_at = ?, updated_at = ? WHERE id = ? AND status = 'RUNNING' AND claimed_by = ?",
                terminal(status).name(), phase == null ? null : phase.name(), bounded(reason), ts(now), ts(now), id,
                instanceId) == 1;
    }

    /** Hands a job this instance will not finish back to the queue with its slot, without counting the attempt. */
    boolean release(String id, String instanceId, Instant now) {
        return tx.execute(status -> {
            int released = jdbc.update("UPDATE jobs SET status = 'QUEUED', claimed_by = NULL, docker_host = NULL,"
                    + " heartbeat_at = NULL, phase = NULL, progress = 0, started_at = NULL, attempts = attempts - 1,"
                    + " updated_at = ? WHERE id = ? AND status = 'RUNNING' AND claimed_by = ?", ts(now), id,
                    instanceId);
            releaseSlot(id, instanceId);
            return released == 1;
        });
    }

    boolean cancelQueued(String id, Instant now) {
        return jdbc.update("UPDATE jobs SET status = 'CANCELED', cancel_requested = TRUE, secrets = NULL,"
                + " error_reason = 'canceled by request before it started', finished_at = ?, updated_at = ?"
                + " WHERE id = ? AND status = 'QUEUED'", ts(now), ts(now), id) == 1;
    }

    /** Marks a running job for cancellation; the instance running it sees the mark on its next poll. */
    boolean requestCancel(String id, Instant now) {
        return jdbc.update("UPDATE jobs SET cancel_requested = TRUE, updated_at = ? WHERE id = ?"
                + " AND status = 'RUNNING'",
                ts(now), id) == 1;
    }

    /** Tells a running job to end its observation (stop mode WHEN_TOLD); its instance sees it on its next poll. */
    boolean requestObservationEnd(String id, Instant now) {
        return jdbc.update("UPDATE jobs SET observation_end_requested = TRUE, updated_at = ? WHERE id = ?"
                + " AND status = 'RUNNING'", ts(now), id) == 1;
    }

    /** Running jobs of this instance that were told to end their observation. */
    List<String> observationEndRequested(String instanceId) {
        return jdbc.queryForList("SELECT id FROM jobs WHERE claimed_by = ? AND status = 'RUNNING'"
                + " AND observation_end_requested = TRUE", String.class, instanceId);
    }

    /** Deletes a finished job and (by cascade) its log; a queued or running one stays. */
    boolean deleteFinished(String id) {
        return jdbc.update("DELETE FROM jobs WHERE id = ? AND status IN ('SUCCEEDED', 'FAILED', 'CANCELED')", id) == 1;
    }

    /** Running jobs whose last heartbeat is before {@code cutoff}, or that {@code instanceId} holds. */
    List<Claim> staleClaims(Instant cutoff, String instanceId) {
        return jdbc.query("SELECT id, claimed_by, docker_host, heartbeat_at, attempts, phase, cancel_requested"
                + " FROM jobs WHERE status = 'RUNNING' AND (heartbeat_at < ? OR claimed_by = ?)", JobQueue::claim,
                ts(cutoff), instanceId);
    }

    /** Queues a dead instance's job again and frees its slot, unless its claim moved on since it was read. */
    boolean requeue(Claim claim, Instant now) {
        return tx.execute(status -> {
            int requeued = jdbc.update("UPDATE jobs SET status = 'QUEUED', claimed_by = NULL, docker_host = NULL,"
                    + " heartbeat_at = NULL, phase = NULL, progress = 0, started_at = NULL, updated_at = ?"
                    + " WHERE id = ? AND status = 'RUNNING' AND claimed_by = ? AND heartbeat_at <= ?", ts(now),
                    claim.id(), claim.claimedBy(), ts(claim.heartbeatAt()));
            if (requeued == 1) {
                jdbc.update("DELETE FROM daemon_slots WHERE job_id = ? AND claimed_by = ?", claim.id(),
                        claim.claimedBy());
            }
            return requeued == 1;
        });
    }

    /** Ends a dead instance's job, unless its claim moved on since it was read. */
    boolean endStale(Claim claim, JobStatus status, String reason, Instant now) {
        return jdbc.update("UPDATE jobs SET status = ?, error_phase = ?, error_reason = ?, secrets = NULL,"
                + " finished_at = ?, updated_at = ? WHERE id = ? AND status = 'RUNNING' AND claimed_by = ?"
                + " AND heartbeat_at <= ?",
                terminal(status).name(), claim.phase() == null ? null : claim.phase().name(), bounded(reason),
                ts(now), ts(now), claim.id(), claim.claimedBy(), ts(claim.heartbeatAt())) == 1;
    }

    /** The status of each of {@code ids} that exists. */
    List<IdAndStatus> statuses(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(ids.size(), "?"));
        return jdbc.query("SELECT id, status, docker_host FROM jobs WHERE id IN (" + in + ")",
                (rs, n) -> new IdAndStatus(rs.getString(1), JobStatus.valueOf(rs.getString(2)), rs.getString(3)),
                ids.toArray());
    }

    /**
     * One job, read with plain SQL: {@code GET /api/v1/jobs/{id}} is what every client polls, and
     * this path costs a fraction of an ORM lookup with its transaction.
     */
    Optional<Job> find(String id) {
        List<Job> found = jdbc.query("SELECT * FROM jobs WHERE id = ?", (rs, n) -> Job.fromRow(rs), id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** How many jobs are in each status. */
    List<StatusCount> countByStatus() {
        return jdbc.query("SELECT status, COUNT(*) FROM jobs GROUP BY status",
                (rs, n) -> new StatusCount(JobStatus.valueOf(rs.getString(1)), rs.getLong(2)));
    }

    record Claim(String id, String claimedBy, String dockerHost, Instant heartbeatAt, int attempts, Phase phase,
            boolean cancelRequested) {
    }

    /** A job this instance claimed and the daemon it got a slot on. */
    record Claimed(String id, String dockerHost) {
    }

    record IdAndStatus(String id, JobStatus status, String dockerHost) {
    }

    record StatusCount(JobStatus status, long count) {
    }

    private static Claim claim(ResultSet rs, int row) throws SQLException {
        String phase = rs.getString("phase");
        Timestamp heartbeat = rs.getTimestamp("heartbeat_at");
        return new Claim(rs.getString("id"), rs.getString("claimed_by"), rs.getString("docker_host"),
                heartbeat == null ? Instant.EPOCH : heartbeat.toInstant(), rs.getInt("attempts"),
                phase == null ? null : Phase.valueOf(phase), rs.getBoolean("cancel_requested"));
    }

    private static JobStatus terminal(JobStatus status) {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        return status;
    }

    private static String bounded(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
