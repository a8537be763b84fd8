package dev.slimline.job;

import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerHosts;
import dev.slimline.docker.SlimlineLabels;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which Docker daemon a job uses, decided in this one place (today the primary daemon; a pool with
 * capacities comes later), and the clean-up of what a job left on it.
 */
@Component
class JobDaemons {

    private final DockerHosts hosts;

    JobDaemons(DockerHosts hosts) {
        this.hosts = hosts;
    }

    DockerApi forJob(String jobId) {
        return hosts.primary();
    }

    /** Removes every container labelled {@code slimline.job=<jobId>}, running or not; returns how many. */
    int removeContainers(String jobId) {
        DockerApi docker = forJob(jobId);
        List<ContainerState> containers = docker.listContainersByLabel(SlimlineLabels.JOB, jobId);
        for (ContainerState container : containers) {
            docker.removeContainer(container.id());
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
