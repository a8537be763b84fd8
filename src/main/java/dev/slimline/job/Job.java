package dev.slimline.job;

import dev.slimline.inventory.InventorySummary;
import dev.slimline.pipeline.Phase;
import dev.slimline.pipeline.ProbeCount;
import dev.slimline.pipeline.VerificationStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/**
 * One slim job as stored. The entity is read through JPA and inserted once; every later change of
 * state is a guarded SQL update in {@link JobQueue}, so two service instances sharing the database
 * can never both move the same job.
 */
@Entity
@Table(name = "jobs")
public class Job {

    @Id
    @Column(length = 36)
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobStatus status;

    @Column(nullable = false, length = 512)
    private String image;

    /** The name of the token that submitted the job ({@code anonymous} while auth is off). */
    @Column(nullable = false, length = 128)
    private String owner;

    /** The job's registry credentials, encrypted ({@link CredentialVault}); null once the job ended. */
    @Column(name = "secrets", length = 131072)
    private String secrets;

    /** The {@link dev.slimline.pipeline.SlimSpec} as JSON, without registry credentials (see {@link #secrets}). */
    @Column(name = "spec", nullable = false, length = 1048576)
    private String specJson;

    @Column(name = "idempotency_key", length = 255)
    private String idempotencyKey;

    @Column(name = "request_hash", length = 64)
    private String requestHash;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private Phase phase;

    @Column(nullable = false)
    private int progress;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "observation_end_requested", nullable = false)
    private boolean observationEndRequested;

    @Column(name = "claimed_by", length = 128)
    private String claimedBy;

    /** The daemon (by its configured name) the job runs or ran on. */
    @Column(name = "docker_host", length = 128)
    private String dockerHost;

    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "error_phase", length = 16)
    private Phase errorPhase;

    @Column(name = "error_reason", length = 4000)
    private String errorReason;

    @Column(name = "original_image", length = 512)
    private String originalImage;

    @Column(name = "original_image_id", length = 128)
    private String originalImageId;

    @Column(name = "original_size_bytes")
    private Long originalSizeBytes;

    @Column(name = "slim_image", length = 512)
    private String slimImage;

    @Column(name = "slim_image_id", length = 128)
    private String slimImageId;

    @Column(name = "slim_size_bytes")
    private Long slimSizeBytes;

    @Column(name = "verified")
    private Boolean verified;

    @Column(name = "verification_failure", length = 4000)
    private String verificationFailure;

    /** {@link InventorySummary} as JSON. */
    @Column(name = "inventory_summary", length = 16384)
    private String inventorySummary;

    /** How verification judged each answer ({@link dev.slimline.pipeline.JudgingSummary} as JSON). */
    @Column(name = "judging", length = 1048576)
    private String judgingJson;

    /** Where the application can be reached while observed ({@link dev.slimline.pipeline.ObservationEndpoint} JSON). */
    @Column(name = "observation_endpoints", length = 16384)
    private String observationEndpointsJson;

    /** Retention removed its artifacts and log (and maybe its slim image); the job itself stays listed. */
    @Column(nullable = false)
    private boolean expired;

    @Column(name = "verification", length = 16)
    private String verification;

    @Column(name = "probe_counts", length = 4000)
    private String probeCounts;

    protected Job() {
    }

    static Job queued(String id, String image, String owner, String specJson, String secrets, String idempotencyKey,
            String requestHash, Instant now) {
        Job job = new Job();
        job.id = id;
        job.status = JobStatus.QUEUED;
        job.image = image;
        job.owner = owner;
        job.secrets = secrets;
        job.specJson = specJson;
        job.idempotencyKey = idempotencyKey;
        job.requestHash = requestHash;
        job.createdAt = now;
        job.updatedAt = now;
        return job;
    }

    /** A job as {@link JobQueue#find} reads it: the hot read path goes around the ORM. */
    static Job fromRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        Job job = new Job();
        job.id = rs.getString("id");
        job.status = JobStatus.valueOf(rs.getString("status"));
        job.image = rs.getString("image");
        job.owner = rs.getString("owner");
        job.secrets = rs.getString("secrets");
        job.specJson = rs.getString("spec");
        job.idempotencyKey = rs.getString("idempotency_key");
        job.requestHash = rs.getString("request_hash");
        job.phase = phase(rs.getString("phase"));
        job.progress = rs.getInt("progress");
        job.attempts = rs.getInt("attempts");
        job.cancelRequested = rs.getBoolean("cancel_requested");
        job.observationEndRequested = rs.getBoolean("observation_end_requested");
        job.claimedBy = rs.getString("claimed_by");
        job.dockerHost = rs.getString("docker_host");
        job.heartbeatAt = instant(rs, "heartbeat_at");
        job.createdAt = instant(rs, "created_at");
        job.startedAt = instant(rs, "started_at");
        job.finishedAt = instant(rs, "finished_at");
        job.updatedAt = instant(rs, "updated_at");
        job.errorPhase = phase(rs.getString("error_phase"));
        job.errorReason = rs.getString("error_reason");
        job.originalImage = rs.getString("original_image");
        job.originalImageId = rs.getString("original_image_id");
        job.originalSizeBytes = (Long) rs.getObject("original_size_bytes", Long.class);
        job.slimImage = rs.getString("slim_image");
        job.slimImageId = rs.getString("slim_image_id");
        job.slimSizeBytes = (Long) rs.getObject("slim_size_bytes", Long.class);
        job.verified = (Boolean) rs.getObject("verified", Boolean.class);
        job.verificationFailure = rs.getString("verification_failure");
        job.inventorySummary = rs.getString("inventory_summary");
        job.judgingJson = rs.getString("judging");
        job.observationEndpointsJson = rs.getString("observation_endpoints");
        job.expired = rs.getBoolean("expired");
        job.verification = rs.getString("verification");
        job.probeCounts = rs.getString("probe_counts");
        return job;
    }

    private static Phase phase(String name) {
        return name == null ? null : Phase.valueOf(name);
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.time.OffsetDateTime at = rs.getObject(column, java.time.OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    public String getId() {
        return id;
    }

    public JobStatus getStatus() {
        return status;
    }

    public String getImage() {
        return image;
    }

    public String getOwner() {
        return owner;
    }

    String getSecrets() {
        return secrets;
    }

    String getSpecJson() {
        return specJson;
    }

    String getIdempotencyKey() {
        return idempotencyKey;
    }

    String getRequestHash() {
        return requestHash;
    }

    public Phase getPhase() {
        return phase;
    }

    public int getProgress() {
        return progress;
    }

    public int getAttempts() {
        return attempts;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public boolean isObservationEndRequested() {
        return observationEndRequested;
    }

    public boolean isExpired() {
        return expired;
    }

    public String getClaimedBy() {
        return claimedBy;
    }

    public String getDockerHost() {
        return dockerHost;
    }

    public Instant getHeartbeatAt() {
        return heartbeatAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Phase getErrorPhase() {
        return errorPhase;
    }

    public String getErrorReason() {
        return errorReason;
    }

    public String getOriginalImage() {
        return originalImage;
    }

    public String getOriginalImageId() {
        return originalImageId;
    }

    public Long getOriginalSizeBytes() {
        return originalSizeBytes;
    }

    public String getSlimImage() {
        return slimImage;
    }

    public String getSlimImageId() {
        return slimImageId;
    }

    public Long getSlimSizeBytes() {
        return slimSizeBytes;
    }

    public Boolean getVerified() {
        return verified;
    }

    public String getVerificationFailure() {
        return verificationFailure;
    }

    /** What the inventory found before and after; null when the job recorded none. */
    public InventorySummary getInventorySummary() {
        return InventorySummaryJson.read(inventorySummary);
    }

    String getJudgingJson() {
        return judgingJson;
    }

    String getObservationEndpointsJson() {
        return observationEndpointsJson;
    }

    /** VERIFIED, RAN_ONLY or FAILED; null before the job ends or when verification was off. */
    public VerificationStatus getVerification() {
        return verification == null ? null : VerificationStatus.valueOf(verification);
    }

    /** Per probe source, the requests sent and how many passed; empty before the job ends. */
    public Map<String, ProbeCount> getProbeCounts() {
        return probeCounts == null ? Map.of() : ProbeCountsJson.read(probeCounts);
    }
}
