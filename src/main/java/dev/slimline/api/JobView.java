package dev.slimline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slimline.inventory.InventorySummary;
import dev.slimline.job.Job;
import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.JudgingSummary;
import dev.slimline.pipeline.ObservationEndpoint;
import dev.slimline.pipeline.Phase;
import dev.slimline.pipeline.ProbeCount;
import dev.slimline.pipeline.ProbeVerdict;
import dev.slimline.pipeline.VerificationStatus;
import dev.slimline.webhook.WebhookView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
        boolean expired,
        String dockerHost,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt,
        Error error,
        Result result,
        Observation observation,
        JobRequest spec,
        Links links,
        @JsonProperty("notify") WebhookView notification) {

    /** @param endpoints where the application can be reached while the job observes it */
    record Observation(List<ObservationEndpoint> endpoints) {
    }

    /** Why a job failed or was canceled, and in which phase. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(Phase phase, String reason) {
    }

    /**
     * @param inventory packages before and after, removed bytes, the packages that kept the most
     * @param probes how verification judged each probe's answer
     * @param traffic how the user's recorded traffic fared in verification
     * @param verification VERIFIED, RAN_ONLY or FAILED; absent when verification was off
     * @param probeCounts per probe source, the requests sent and how many passed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String originalImage, String originalImageId, long originalSizeBytes, String slimImage,
            String slimImageId, long slimSizeBytes, Boolean verified, String verificationFailure,
            InventorySummary inventory, List<ProbeVerdict> probes, JudgingSummary.Traffic traffic,
            VerificationStatus verification, Map<String, ProbeCount> probeCounts) {
    }

    record Links(String self, String logs, String artifacts, String cancel) {
    }


    static String path(String id) {
        return "/api/v1/jobs/" + id;
    }

    static JobView of(Job job, JobRequest spec, JudgingSummary judging, List<ObservationEndpoint> endpoints,
            WebhookView notify) {
        String self = path(job.getId());
        Error error = job.getErrorReason() == null ? null : new Error(job.getErrorPhase(), job.getErrorReason());
        // a job whose slim image failed verification is FAILED but has a result to look into
        Result result = job.getSlimImageId() == null ? null
                : new Result(job.getOriginalImage(), job.getOriginalImageId(), orZero(job.getOriginalSizeBytes()),
                        job.getSlimImage(), job.getSlimImageId(), orZero(job.getSlimSizeBytes()), job.getVerified(),
                        job.getVerificationFailure(), job.getInventorySummary(),
                        judging == null ? null : judging.probes(), judging == null ? null : judging.traffic(),
                        job.getVerification(), job.getProbeCounts().isEmpty() ? null : job.getProbeCounts());
        return new JobView(job.getId(), job.getStatus(), job.getImage(), job.getOwner(), job.getPhase(),
                job.getProgress(),
                job.getAttempts(), job.isCancelRequested(), job.isObservationEndRequested(), job.isExpired(),
                job.getDockerHost(),
                job.getCreatedAt(),
                job.getStartedAt(),
                job.getFinishedAt(), job.getUpdatedAt(), error, result,
                endpoints.isEmpty() ? null : new Observation(endpoints), spec,
                new Links(self, self + "/logs", self + "/artifacts", self + "/cancel"), notify);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
