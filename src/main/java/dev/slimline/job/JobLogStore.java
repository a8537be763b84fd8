package dev.slimline.job;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A job's log as rows of {@code job_log}, keyed by job and sequence number, so readers can resume. */
@Component
class JobLogStore {

    private final JdbcTemplate jdbc;

    JobLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void append(String jobId, List<LogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO job_log (job_id, seq, logged_at, line) VALUES (?, ?, ?, ?)", lines, lines.size(),
                (ps, line) -> {
                    ps.setString(1, jobId);
                    ps.setLong(2, line.seq());
                    ps.setObject(3, JobQueue.ts(line.at()));
                    ps.setString(4, line.text());
                });
    }

    /** Up to {@code limit} lines after {@code afterSeq}, in order. */
    List<LogLine> after(String jobId, long afterSeq, int limit) {
        return jdbc.query("SELECT seq, logged_at, line FROM job_log WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (rs, n) -> new LogLine(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3)), jobId, afterSeq,
                limit);
    }

    long lastSeq(String jobId) {
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM job_log WHERE job_id = ?", Long.class, jobId);
        return last == null ? 0 : last;
    }
}
