package dev.slimline.webhook;

import dev.slimline.job.JobStatus;
import java.util.List;

/** What a job's webhook can be told: the job started running, or ended so. */
public enum WebhookEvent {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELED;

    /** The events a webhook gets when its job names none: the job's end, however it ends. */
    public static final List<WebhookEvent> DEFAULT = List.of(SUCCEEDED, FAILED, CANCELED);

    /** The event a job's status is, if any (a queued job is none). */
    static WebhookEvent of(JobStatus status) {
        return switch (status) {
            case QUEUED -> null;
            case RUNNING -> RUNNING;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case CANCELED -> CANCELED;
        };
    }
}
