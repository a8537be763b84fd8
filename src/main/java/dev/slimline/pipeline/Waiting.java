package dev.slimline.pipeline;

import java.time.Duration;

/** A phase's pause while it watches a container. */
final class Waiting {

    private Waiting() {
    }

    /** Sleeps; an interrupt (the job canceled) ends {@code phase}. */
    static void sleep(Duration duration, Phase phase) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(phase, "the job was canceled", e);
        }
    }
}
