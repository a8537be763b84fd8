package dev.slimline.pipeline;

/**
 * Receives what a running pipeline does, for the job's record: the current phase and the lines of
 * its log. Implementations must be thread-safe (container output arrives on another thread).
 */
public interface PipelineListener {

    /** A phase begins; {@code percent} is the job's overall progress at that point. */
    void phaseStarted(Phase phase, int percent);

    /** One line for the job's log, in words an operator understands. */
    void log(String line);

    /**
     * Whether the job has been told to end its observation ({@link SlimSpec.StopMode#WHEN_TOLD});
     * polled while the application runs.
     */
    default boolean stopRequested() {
        return false;
    }

    /**
     * Where the application can be reached while it is observed (through the recording proxies);
     * an empty list once that ends.
     */
    default void observationEndpoints(java.util.List<ObservationEndpoint> endpoints) {
    }
}
