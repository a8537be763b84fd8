package dev.slimline.job;

import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerHosts;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.DockerProperties;
import dev.slimline.docker.ImageSummary;
import dev.slimline.docker.NetworkSummary;
import dev.slimline.docker.SlimlineLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Docker daemons jobs run on: which ones answer and have room ({@link #available()}; the
 * job queue picks one of them with every replica's slots counted), the connection to the one a
 * job got ({@link #lease}), recorded on the job as {@code docker_host} so that cancel, clean-up
 * and downloads go to the daemon that has the job's containers and image.
 */
@Component
class JobDaemons {

    private static final Logger log = LoggerFactory.getLogger(JobDaemons.class);
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(30);

    private final DockerHosts hosts;

    JobDaemons(DockerHosts hosts) {
        this.hosts = hosts;
    }

    /**
     * Daemons that answer and may take a job of this replica; empty when every one is full or down
     * (claim nothing then).
     */
    List<DockerProperties.Host> available() {
        if (!hosts.hasCapacity()) {
            return List.of();
        }
        try {
            return hosts.available();
        } catch (RuntimeException e) {
            log.warn("No Docker daemon available for a job: {}", e.getMessage());
            return List.of();
        }
    }

    /** Counts the job of this replica on the daemon the queue gave it a slot on, and connects to it. */
    DockerHosts.Lease lease(String host) {
        return hosts.lease(host);
    }

    /** The daemon a job ran on; the first configured one for a job that never got one. */
    DockerApi on(String host) {
        return host == null ? hosts.primary() : hosts.connect(host);
    }

    /**
     * Removes what a job that did not succeed left on its daemon: every container labelled
     * {@code slimline.job=<jobId>}, running or not, then its networks, and the images labelled
     * {@code slimline.source.job=<jobId>} (a filesystem import or a slim image that never became a
     * result). Returns once the daemon lists no such container
     * (another caller may be removing them at the same time); returns how many containers there were.
     */
    int removeLeftovers(String jobId, String host) {
        DockerApi docker = on(host);
        List<ContainerState> containers = docker.container().listByLabel(SlimlineLabels.JOB, jobId);
        for (ContainerState container : containers) {
            try {
                docker.container().remove(container.id());
            } catch (DockerOperationException e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
                // "removal already in progress": waited for below
            }
        }
        Instant deadline = Instant.now().plus(REMOVAL_WAIT);
        while (!docker.container().listByLabel(SlimlineLabels.JOB, jobId).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new DockerOperationException("remove the containers of job " + jobId + ": still listed after "
                        + REMOVAL_WAIT.toSeconds() + " s", 0, null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DockerOperationException("remove the containers of job " + jobId + ": interrupted", 0, e);
            }
        }
        for (NetworkSummary network : docker.network().listByLabel(SlimlineLabels.JOB, jobId)) {
            docker.network().remove(network.id());
        }
        for (ImageSummary image : docker.image().listByLabel(SlimlineLabels.SOURCE_JOB, jobId)) {
            docker.image().remove(image.id(), true);
        }
        return containers.size();
    }

    /** Containers that carry a job label, on every configured daemon that answers. */
    List<Labelled> labelledContainers() {
        return onEveryDaemon("containers", (host, docker) -> docker.container().listByLabel(SlimlineLabels.JOB, null)
                .stream().map(container -> new Labelled(host, container)).toList());
    }

    void removeContainer(Labelled container) {
        hosts.connect(container.host()).container().remove(container.state().id());
    }

    /** Networks that carry a job label, on every configured daemon that answers. */
    List<LabelledNetwork> labelledNetworks() {
        return onEveryDaemon("networks", (host, docker) -> docker.network().listByLabel(SlimlineLabels.JOB, null)
                .stream().map(network -> new LabelledNetwork(host, network)).toList());
    }

    /** Removes a network; its containers must be gone first. */
    void removeNetwork(LabelledNetwork network) {
        hosts.connect(network.host()).network().remove(network.network().id());
    }

    /** What {@code list} finds on each configured daemon; a daemon that does not answer is skipped. */
    private <T> List<T> onEveryDaemon(String what, BiFunction<String, DockerApi, List<T>> list) {
        List<T> out = new ArrayList<>();
        for (DockerProperties.Host host : hosts.hosts()) {
            try {
                out.addAll(list.apply(host.name(), hosts.connect(host.name())));
            } catch (RuntimeException e) {
                log.debug("Daemon {} not swept for orphaned {}: {}", host.name(), what, e.getMessage());
            }
        }
        return out;
    }

    /** A labelled container and the daemon it is on. */
    record Labelled(String host, ContainerState state) {
    }

    /** A labelled network and the daemon it is on. */
    record LabelledNetwork(String host, NetworkSummary network) {
    }
}
