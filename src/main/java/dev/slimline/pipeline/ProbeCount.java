package dev.slimline.pipeline;

/**
 * How the probes of one source went.
 *
 * @param requests how many were sent while the application was observed
 * @param passed how many of those met their expectations
 * @param verified how many the slim image answered as the original did; null when it was not verified
 */
public record ProbeCount(int requests, int passed, Integer verified) {
}
