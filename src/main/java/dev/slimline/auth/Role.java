package dev.slimline.auth;

/** What a token may do. */
public enum Role {
    /** Read its own jobs: status, logs, artifacts. */
    READ,
    /** Submit jobs, and read, cancel and delete its own. */
    SUBMIT,
    /** Everything: every job, token management, metrics. */
    ADMIN
}
