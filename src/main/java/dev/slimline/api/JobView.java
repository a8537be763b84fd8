package dev.slimline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slimline.inventory.InventorySummary;
import dev.slimline.job.Job;
import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.Phase;
import dev.slimline.pipeline.ProbeCount;
import dev.slimline.pipeline.VerificationStatus;
import dev.slimline.webhook.WebhookView;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A job as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobView(
        String id,
        JobStatus status,
        String image,
        String owner,
        Phase phase,
        int progress,
        int attempts,
        boolean cancelRequested,
        boolean observationEndRequested,
        String dockerHost,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt,
        Error error,
        Result result,
        JobRequest spec,
        Links links,
        @JsonProperty("notify") WebhookView notification) {

    /** Why a job failed or was canceled, and in which phase. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(Phase phase, String reason) {
    }

    /**
     * @param inventory packages before and after, removed bytes, the packages that kept the most
     * @param verification VERIFIED, RAN_ONLY or FAILED; absent when verification was off
     * @param probeCounts per probe source, the requests sent and how many passed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String originalImage, String originalImageId, long originalSizeBytes, String slimImage,
            String slimImageId, long slimSizeBytes, Boolean verified, String verificationFailure,
            InventorySummary inventory, VerificationStatus verification, Map<String, ProbeCount> probeCounts) {
    }

    record Links(String self, String logs, String artifacts, String cancel) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static String path(String id) {
        return "/api/v1/jobs/" + id;
    }

    static JobView of(Job job, JobRequest spec, WebhookView notify) {
        String self = path(job.getId());
        Error error = job.getErrorReason() == null ? null : new Error(job.getErrorPhase(), job.getErrorReason());
        // a job whose slim image failed verification is FAILED but has a result to look into
        Result result = job.getSlimImageId() == null ? null
                : new Result(job.getOriginalImage(), job.getOriginalImageId(), orZero(job.getOriginalSizeBytes()),
                        job.getSlimImage(), job.getSlimImageId(), orZero(job.getSlimSizeBytes()), job.getVerified(),
                        job.getVerificationFailure(), job.getInventorySummary() == null ? null
                                : JSON.readValue(job.getInventorySummary(), InventorySummary.class),
                        job.getVerification(), job.getProbeCounts().isEmpty() ? null : job.getProbeCounts());
        return new JobView(job.getId(), job.getStatus(), job.getImage(), job.getOwner(), job.getPhase(),
                job.getProgress(),
                job.getAttempts(), job.isCancelRequested(), job.isObservationEndRequested(), job.getDockerHost(),
                job.getCreatedAt(),
                job.getStartedAt(),
                job.getFinishedAt(), job.getUpdatedAt(), error, result, spec,
                new Links(self, self + "/logs", self + "/artifacts", self + "/cancel"), notify);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
