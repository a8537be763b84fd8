package dev.slimline.job;

/** Where a job is in its life. Only {@link #QUEUED} and {@link #RUNNING} ever change. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELED;

    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }
}
