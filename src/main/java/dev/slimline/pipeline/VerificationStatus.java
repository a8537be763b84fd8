package dev.slimline.pipeline;

/** What verifying the slim image showed. */
public enum VerificationStatus {
    /** Probes were replayed against the slim image under its seccomp profile and it answered as the original. */
    VERIFIED,
    /** The slim image was started and kept running, but nothing exercised it, so nothing was compared. */
    RAN_ONLY,
    /** The slim image did not answer or run as the original did. */
    FAILED
}
