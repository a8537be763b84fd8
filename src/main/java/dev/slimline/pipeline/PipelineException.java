package dev.slimline.pipeline;

/** A phase failed; the message is the reason, in words an operator can act on. */
public class PipelineException extends RuntimeException {

    private final Phase phase;

    public PipelineException(Phase phase, String reason, Throwable cause) {
        super(reason, cause);
        this.phase = phase;
    }

    public PipelineException(Phase phase, String reason) {
        this(phase, reason, null);
    }

    public Phase phase() {
        return phase;
    }
}
