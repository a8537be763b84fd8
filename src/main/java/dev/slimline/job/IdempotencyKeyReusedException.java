package dev.slimline.job;

/** An idempotency key came back with a different job specification than the one it was first used for. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final String jobId;

    public IdempotencyKeyReusedException(String jobId) {
        super("this Idempotency-Key was already used for job " + jobId + " with a different specification");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
