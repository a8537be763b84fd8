package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One job's run through the pipeline: what every phase needs to know, and the containers the
 * job created so far, so that they are removed at the end whatever happens.
 */
final class JobRun {

    private final String jobId;
    private final SlimSpec spec;
    private final DockerApi docker;
    private final PipelineListener listener;
    private final List<String> containers = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private String network;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<Phase, Long> phaseMillis = new HashMap<>();
    private Phase current;

    JobRun(String jobId, SlimSpec spec, DockerApi docker, PipelineListener listener) {
        this.jobId = jobId;
        this.spec = spec;
        this.docker = docker;
        this.listener = listener;
    }

    String jobId() {
        return jobId;
    }

    SlimSpec spec() {
        return spec;
    }

    DockerApi docker() {
        return docker;
    }

    void log(String line) {
        listener.log(line);
    }

    PipelineListener listener() {
        return listener;
    }

    /** Labels for something this job creates in the given role. */
    Map<String, String> labels(String role) {
        return Map.of(SlimlineLabels.JOB, jobId, SlimlineLabels.ROLE, role);
    }

    /** Creates a container and remembers it for clean-up. */
    synchronized String createContainer(ContainerSpec containerSpec) {
        String id = docker.container().create(containerSpec);
        containers.add(id);
        return id;
    }

    /** Removes one container now (it is also forgotten for the final clean-up). */
    synchronized void removeContainer(String id) {
        docker.container().remove(id);
        containers.remove(id);
    }

    synchronized List<String> containers() {
        return List.copyOf(containers);
    }

    /**
     * The job's private network, created on first use and remembered for clean-up; the
     * application and its companion services meet there.
     */
    synchronized String network() {
        if (network == null) {
            String name = "slimline-" + jobId;
            networks.add(docker.network().create(name, labels("network")));
            network = name;
            log("Created the network " + name + " for the job's containers");
        }
        return network;
    }

    /** Whether the job made its network; the application joins it then. */
    synchronized boolean hasNetwork() {
        return network != null;
    }

    /** Removes the job's networks; their containers must be gone first. */
    synchronized void removeNetworks() {
        for (String id : List.copyOf(networks)) {
            docker.network().remove(id);
            networks.remove(id);
        }
    }

    /** Remembers something local (a spool file) to close when the job ends, however it ends. */
    synchronized void closeAtEnd(AutoCloseable resource) {
        resources.add(resource);
    }

    synchronized List<AutoCloseable> resources() {
        return List.copyOf(resources);
    }

    /** Records that work of {@code phase} begins; true when the phase was not the current one. */
    synchronized boolean enter(Phase phase) {
        boolean entered = phase != current;
        current = phase;
        return entered;
    }

    synchronized void recordDuration(Phase phase, long millis) {
        phaseMillis.merge(phase, millis, Long::sum);
    }

    synchronized Map<Phase, Long> phaseMillis() {
        return Map.copyOf(phaseMillis);
    }
}
