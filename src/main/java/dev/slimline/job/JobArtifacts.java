package dev.slimline.job;

import java.util.Set;

/** Artifact names the service makes itself rather than the pipeline. */
public final class JobArtifacts {

    /** The job's log as text. */
    public static final String LOGS = "logs.txt";

    /** The slim image as {@code docker save} writes it, streamed from the daemon. */
    public static final String IMAGE = "image.tar";

    static final Set<String> SYNTHETIC = Set.of(LOGS, IMAGE);

    private JobArtifacts() {
    }
}
