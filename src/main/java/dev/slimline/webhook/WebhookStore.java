package dev.slimline.webhook;

import dev.slimline.job.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Webhooks, deliveries and attempts in the database. Each change that instances may race for is
 * one guarded statement (or a {@code FOR UPDATE SKIP LOCKED} claim, like the job queue's), so
 * however many instances look, each job change is queued once and each delivery sent by one.
 */
@Component
class WebhookStore {

    private static final int MAX_ERROR = 1000;

    private final JdbcTemplate jdbc;

    WebhookStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void register(String jobId, String url, String sealedSecret, List<WebhookEvent> events) {
        jdbc.update("INSERT INTO job_webhooks (job_id, url, secret, events, last_status, settled)"
                + " VALUES (?, ?, ?, ?, 'QUEUED', FALSE)", jobId, url, sealedSecret, join(events));
    }

    /** A job's webhook whose status moved on since it was last looked at. */
    record Change(String jobId, List<WebhookEvent> events, JobStatus from, JobStatus to, Instant startedAt) {
    }

    List<Change> changes() {
        return jdbc.query("SELECT w.job_id, w.events, w.last_status, j.status, j.started_at FROM job_webhooks w"
                + " JOIN jobs j ON j.id = w.job_id WHERE w.settled = FALSE AND w.last_status <> j.status",
                (rs, n) -> new Change(rs.getString(1), split(rs.getString(2)), JobStatus.valueOf(rs.getString(3)),
                        JobStatus.valueOf(rs.getString(4)), instant(rs, 5)));
    }

    /** Takes the change for this instance: false when another instance took it first. */
    boolean advance(Change change) {
        return jdbc.update("UPDATE job_webhooks SET last_status = ?, settled = ? WHERE job_id = ? AND last_status = ?",
                change.to().name(), change.to().isTerminal(), change.jobId(), change.from().name()) == 1;
    }

    void enqueue(String id, String jobId, WebhookEvent event, String body, Instant now) {
        jdbc.update("INSERT INTO webhook_deliveries (id, job_id, event, body, status, attempts, created_at,"
                + " next_attempt_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)", id, jobId, event.name(), body, ts(now),
                ts(now));
    }

    /** A delivery taken to be sent now, with what it needs. */
    record Due(String id, String jobId, WebhookEvent event, String body, int attempts, Instant createdAt, String url,
            String sealedSecret) {
    }

    /** The ids of up to {@code limit} deliveries due at {@code now}, locked for the caller's transaction. */
    List<String> lockDue(Instant now, int limit) {
        return jdbc.queryForList("SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ?"
                + " ORDER BY next_attempt_at, id LIMIT " + limit + " FOR UPDATE SKIP LOCKED", String.class, ts(now));
    }

    /** Claims a locked delivery until {@code until}, when another instance may take it if no attempt was recorded. */
    Optional<Due> claim(String id, String instanceId, Instant until) {
        if (jdbc.update("UPDATE webhook_deliveries SET next_attempt_at = ?, claimed_by = ? WHERE id = ?"
                + " AND status = 'PENDING'", ts(until), instanceId, id) != 1) {
            return Optional.empty();
        }
        List<Due> found = jdbc.query("SELECT d.id, d.job_id, d.event, d.body, d.attempts, d.created_at, w.url, w.secret"
                + " FROM webhook_deliveries d JOIN job_webhooks w ON w.job_id = d.job_id WHERE d.id = ?",
                (rs, n) -> new Due(rs.getString(1), rs.getString(2), WebhookEvent.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getInt(5), instant(rs, 6), rs.getString(7), rs.getString(8)), id);
        return found.stream().findFirst();
    }

    /**
     * Records attempt number {@code attempt} and what follows: delivered, given up, or tried
     * again at {@code retryAt}.
     */
    void recordAttempt(String id, int attempt, Instant at, Integer statusCode, String error, long millis,
            String status, Instant retryAt) {
        jdbc.update("INSERT INTO webhook_attempts (delivery_id, attempt, started_at, status_code, error, millis)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, attempt, ts(at), statusCode, bounded(error), millis);
        jdbc.update("UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, claimed_by = NULL"
                + " WHERE id = ?", status, attempt, retryAt == null ? null : ts(retryAt), id);
    }

    /**
     * Erases the sealed secret of a job's webhook once nothing is left to sign: the job ended and
     * no delivery waits. Its end and its deliveries are queued in one transaction, so a webhook
     * whose end was seen already has every delivery it will ever get.
     */
    void forgetSecretIfDone(String jobId) {
        jdbc.update("UPDATE job_webhooks SET secret = '' WHERE job_id = ? AND settled = TRUE AND NOT EXISTS"
                + " (SELECT 1 FROM webhook_deliveries d WHERE d.job_id = ? AND d.status = 'PENDING')", jobId, jobId);
    }

    Optional<WebhookView> view(String jobId) {
        List<WebhookView> webhooks = jdbc.query("SELECT url, events FROM job_webhooks WHERE job_id = ?",
                (rs, n) -> new WebhookView(rs.getString(1), split(rs.getString(2)), new ArrayList<>()), jobId);
        if (webhooks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<WebhookView.Attempt>> attempts = new LinkedHashMap<>();
        jdbc.query("SELECT a.delivery_id, a.attempt, a.started_at, a.status_code, a.error, a.millis"
                + " FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.job_id = ?"
                + " ORDER BY a.delivery_id, a.attempt", rs -> {
                    attempts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new WebhookView.Attempt(
                            rs.getInt(2), instant(rs, 3), (Integer) rs.getObject(4, Integer.class), rs.getString(5),
                            rs.getLong(6)));
                }, jobId);
        List<WebhookView.Delivery> deliveries = jdbc.query("SELECT id, event, status, created_at, next_attempt_at"
                + " FROM webhook_deliveries WHERE job_id = ? ORDER BY created_at, id",
                (rs, n) -> new WebhookView.Delivery(rs.getString(1), WebhookEvent.valueOf(rs.getString(2)),
                        rs.getString(3), instant(rs, 4),
                        "PENDING".equals(rs.getString(3)) ? instant(rs, 5) : null,
                        List.copyOf(attempts.getOrDefault(rs.getString(1), List.of()))), jobId);
        WebhookView webhook = webhooks.get(0);
        return Optional.of(new WebhookView(webhook.url(), webhook.events(), deliveries));
    }

    private static String join(List<WebhookEvent> events) {
        return String.join(",", events.stream().map(Enum::name).toList());
    }

    private static List<WebhookEvent> split(String events) {
        return Arrays.stream(events.split(",")).filter(s -> !s.isBlank()).map(WebhookEvent::valueOf).toList();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String bounded(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
    }
}
