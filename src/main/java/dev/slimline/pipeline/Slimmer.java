package dev.slimline.pipeline;

import dev.slimline.docker.DockerApi;

/** Runs one slim job to its end on one daemon. */
public interface Slimmer {

    /**
     * Slims {@code spec.image()} on {@code docker}. Every container and intermediate image it
     * creates carries the label {@code slimline.job=<jobId>} and is removed before it returns, on
     * failure too. An interrupt of the calling thread cancels the job.
     *
     * @throws PipelineException when a phase fails, with the phase and a reason an operator can act on
     */
    SlimResult slim(String jobId, SlimSpec spec, DockerApi docker, PipelineListener listener);
}
