package dev.slimline.job;

import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerHosts;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.SlimlineLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which Docker daemon a job uses, decided in this one place (today the primary daemon; a pool with
 * capacities comes later), and the clean-up of what a job left on it.
 */
@Component
class JobDaemons {

    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(30);

    private final DockerHosts hosts;

    JobDaemons(DockerHosts hosts) {
        this.hosts = hosts;
    }

    DockerApi forJob(String jobId) {
        return hosts.primary();
    }

    /**
     * Removes every container labelled {@code slimline.job=<jobId>}, running or not, and returns
     * once the daemon lists none (another caller may be removing them at the same time); returns
     * how many there were.
     */
    int removeContainers(String jobId) {
        DockerApi docker = forJob(jobId);
        List<ContainerState> containers = docker.listContainersByLabel(SlimlineLabels.JOB, jobId);
        for (ContainerState container : containers) {
            try {
                docker.removeContainer(container.id());
            } catch (DockerOperationException e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
                // "removal already in progress": waited for below
            }
        }
        Instant deadline = Instant.now().plus(REMOVAL_WAIT);
        while (!docker.listContainersByLabel(SlimlineLabels.JOB, jobId).isEmpty()) {
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
        return containers.size();
    }

    /** Containers that carry a job label at all, on every daemon jobs may use. */
    List<ContainerState> labelledContainers() {
        return hosts.primary().listContainersByLabel(SlimlineLabels.JOB, null);
    }

    void removeContainer(String containerId) {
        hosts.primary().removeContainer(containerId);
    }
}
