package dev.slimline.probe;

import java.time.Duration;

/**
 * @param readiness how long the first answer from a port may take
 * @param request how long one request may take
 * @param retries how often a request to a port that already answered is sent again when it gets no answer
 */
public record ProbeTiming(Duration readiness, Duration request, int retries) {

    public ProbeTiming withReadiness(Duration value) {
        return new ProbeTiming(value, request, retries);
    }
}
