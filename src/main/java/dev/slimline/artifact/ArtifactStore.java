package dev.slimline.artifact;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job artifacts in the database, so every replica serves every artifact and none needs a shared
 * file system. The content is stored in chunks of at most 1 MiB and written and read as a stream:
 * neither side ever holds more than one chunk of an artifact. An artifact appears whole or not at
 * all; each version gets its own content id, so a reader never mixes the chunks of two versions
 * (one whose artifact is replaced under it fails instead).
 */
@Component
public class ArtifactStore {

    static final int CHUNK_BYTES = 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,35}");
    private static final String COLUMNS = "name, size_bytes, media_type, digest";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int chunkBytes;

    @Autowired
    public ArtifactStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this(jdbc, transactions, CHUNK_BYTES);
    }

    ArtifactStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, int chunkBytes) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.chunkBytes = chunkBytes;
    }

    /** Whether {@code name} may name an artifact: letters, digits, {@code . _ -}, no leading dot. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /** The media type an artifact is stored and served with, from its name. */
    public static String mediaTypeOf(String name) {
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".tar")) {
            return "application/x-tar";
        }
        return "text/plain;charset=UTF-8";
    }

    /** Stores (or replaces) a small artifact held in memory. */
    public void write(String jobId, String name, byte[] content) {
        write(jobId, name, new ByteArrayInputStream(content));
    }

    /** Stores (or replaces) an artifact read from {@code content} to its end, chunk by chunk; the caller closes it. */
    public StoredArtifact write(String jobId, String name, InputStream content) {
        return write(jobId, name, mediaTypeOf(checkedName(name)), content);
    }

    /**
     * Stores (or replaces) an artifact with the given media type, read from {@code content} chunk by
     * chunk. Each chunk is committed on its own, so no transaction (and no database cache) ever
     * holds a whole large artifact; the artifact appears when its row is written, pointing at the
     * complete chunks, in one short transaction that also drops the version it replaces. Chunks of
     * a write that failed are removed; those of a write cut short by a crash are invisible, and go
     * with the job's other artifacts ({@link #deleteAll}, retention, or deleting the job).
     */
    public StoredArtifact write(String jobId, String name, String mediaType, InputStream content) {
        checkedJobId(jobId);
        checkedName(name);
        String contentId = UUID.randomUUID().toString();
        MessageDigest sha256 = sha256();
        long size = 0;
        int chunks = 0;
        try {
            while (true) {
                // a fresh array per chunk: a driver may keep a reference to what it was given
                byte[] chunk = content.readNBytes(chunkBytes);
                if (chunk.length == 0) {
                    break;
                }
                sha256.update(chunk);
                jdbc.update("INSERT INTO artifact_chunks (content_id, seq, job_id, content) VALUES (?, ?, ?, ?)",
                        contentId, chunks, jobId, chunk);
                size += chunk.length;
                chunks++;
            }
            String digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());
            StoredArtifact stored = new StoredArtifact(name, size, mediaType, digest);
            int count = chunks;
            tx.executeWithoutResult(status -> publish(jobId, contentId, stored, count));
            return stored;
        } catch (IOException e) {
            discard(contentId);
            throw new UncheckedIOException("store artifact " + name + " of job " + jobId, e);
        } catch (RuntimeException e) {
            discard(contentId);
            throw e;
        }
    }

    private void publish(String jobId, String contentId, StoredArtifact stored, int chunks) {
        List<String> previous = jdbc.queryForList("SELECT content_id FROM artifacts WHERE job_id = ? AND name = ?"
                + " FOR UPDATE", String.class, jobId, stored.name());
        Object now = Instant.now().atOffset(ZoneOffset.UTC);
        if (previous.isEmpty()) {
            jdbc.update("INSERT INTO artifacts (job_id, name, content_id, media_type, size_bytes, digest, chunks,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", jobId, stored.name(), contentId,
                    stored.mediaType(), stored.sizeBytes(), stored.digest(), chunks, now);
        } else {
            jdbc.update("DELETE FROM artifact_chunks WHERE content_id = ?", previous.get(0));
            jdbc.update("UPDATE artifacts SET content_id = ?, media_type = ?, size_bytes = ?, digest = ?, chunks = ?,"
                    + " created_at = ? WHERE job_id = ? AND name = ?", contentId, stored.mediaType(),
                    stored.sizeBytes(), stored.digest(), chunks, now, jobId, stored.name());
        }
    }

    private void discard(String contentId) {
        try {
            jdbc.update("DELETE FROM artifact_chunks WHERE content_id = ?", contentId);
        } catch (RuntimeException ignored) {
            // the write already failed; that error is the one to report
        }
    }

    /** The job's stored artifacts, by name. */
    public List<StoredArtifact> list(String jobId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM artifacts WHERE job_id = ? ORDER BY name",
                ArtifactStore::stored, checkedJobId(jobId));
    }

    public Optional<StoredArtifact> find(String jobId, String name) {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM artifacts WHERE job_id = ? AND name = ?",
                ArtifactStore::stored, checkedJobId(jobId), name).stream().findFirst();
    }

    /** The artifact's content, fetched a chunk at a time as it is read; the caller closes it. */
    public InputStream open(String jobId, String name) throws IOException {
        List<ChunkedContent> found = jdbc.query("SELECT content_id, chunks FROM artifacts WHERE job_id = ?"
                + " AND name = ?", (rs, n) -> new ChunkedContent(rs.getString(1), rs.getInt(2)),
                checkedJobId(jobId), checkedName(name));
        if (found.isEmpty()) {
            throw new IOException("job " + jobId + " has no artifact " + name);
        }
        return new ChunkStream(jobId, name, found.get(0));
    }

    /** Removes every artifact of the job; none is fine. */
    public void deleteAll(String jobId) {
        checkedJobId(jobId);
        tx.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM artifacts WHERE job_id = ?", jobId);
            jdbc.update("DELETE FROM artifact_chunks WHERE job_id = ?", jobId);
        });
    }

    private static StoredArtifact stored(ResultSet rs, int row) throws SQLException {
        return new StoredArtifact(rs.getString("name"), rs.getLong("size_bytes"), rs.getString("media_type"),
                rs.getString("digest"));
    }

    private static String checkedJobId(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a job id: " + jobId);
        }
        return jobId;
    }

    private static String checkedName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("not an artifact name: " + name);
        }
        return name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record ChunkedContent(String contentId, int chunks) {
    }

    /** Reads one chunk per query, each in its own short statement: no connection is held between reads. */
    private final class ChunkStream extends InputStream {

        private final String jobId;
        private final String name;
        private final ChunkedContent content;
        private int next;
        private byte[] chunk = new byte[0];
        private int position;

        ChunkStream(String jobId, String name, ChunkedContent content) {
            this.jobId = jobId;
            this.name = name;
            this.content = content;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int count = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, into, offset, count);
            position += count;
            return count;
        }

        private boolean fill() throws IOException {
            while (position == chunk.length) {
                if (next == content.chunks()) {
                    return false;
                }
                List<byte[]> found = jdbc.query("SELECT content FROM artifact_chunks WHERE content_id = ? AND seq = ?",
                        (rs, n) -> rs.getBytes(1), content.contentId(), next);
                if (found.isEmpty()) {
                    throw new IOException("artifact " + name + " of job " + jobId
                            + " was replaced or removed while it was read");
                }
                chunk = found.get(0);
                position = 0;
                next++;
            }
            return true;
        }
    }
}
