package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import java.util.List;

/**
 * The one sandbox every container of a job gets, whatever it is for: the job's memory, CPU and
 * process limits, the job's labels (so a crashed instance's leftovers can be found), ports
 * published on the daemon's publish address only (loopback unless configured otherwise), and no
 * privileges ({@link dev.slimline.docker.DockerApi#createContainer} never grants any). Built in
 * one place so that no phase can start a container that escapes a limit the others have.
 */
final class Sandbox {

    private Sandbox() {
    }

    /**
     * @param role what the container is for, in its {@code slimline.role} label
     * @param ports container ports to publish ({@code 8080/tcp}); empty for none
     */
    static ContainerSpec apply(JobRun run, ContainerSpec container, String role, List<String> ports) {
        SlimSpec.Limits limits = run.spec().limits();
        return container.withLabels(run.labels(role))
                .withPublishedPorts(ports, run.docker().publishAddress())
                .withLimits(limits.memoryBytes(), limits.nanoCpus(), limits.pids());
    }
}
