package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A graceful shutdown hands running jobs back to the queue without counting the attempt, after
 * removing the containers they made, and the next start runs them (here on the embedded H2
 * database, the default set-up). The job runs the fake pipeline's {@code fake/container}: it
 * creates a real container labelled with the job on the Docker engine, then waits to be stopped.
 */
@RequiresDocker
class GracefulShutdownIT {

    @Test
    void aStoppingInstanceRemovesItsRunningJobsContainerAndHandsTheJobBackForTheNextOneToRun(DockerApi docker)
            throws Exception {
        Map<String, Object> properties = Map.of("slimline.data-dir",
                Path.of("target", "test-data", "shutdown-" + UUID.randomUUID()).toAbsolutePath().toString(),
                "slimline.executor.instance-id", "graceful");
        String id = null;
        try {
            String firstContainer;
            try (ServiceInstance first = ServiceInstance.start(properties)) {
                ApiClient api = new ApiClient(first.port());
                id = api.post("/api/v1/jobs", "{\"image\":\"fake/container:shutdown\"}").json().path("id").asString();
                api.awaitStatus(id, Duration.ofSeconds(30), "RUNNING");
                firstContainer = awaitContainer(first, id);
                assertThat(docker.container().listByLabel(SlimlineLabels.JOB, id)).singleElement()
                        .satisfies(c -> assertThat(c.id()).isEqualTo(firstContainer));
            }
            assertThat(docker.container().listByLabel(SlimlineLabels.JOB, id))
                    .as("removed while the job was handed back, before the instance stopped").isEmpty();

            try (ServiceInstance second = ServiceInstance.start(properties)) {
                ApiClient api = new ApiClient(second.port());
                JsonNode job = api.awaitStatus(id, Duration.ofSeconds(30), "RUNNING");
                assertThat(job.path("attempts").asInt()).as("the interrupted run is not counted").isEqualTo(1);
                assertThat(api.get("/api/v1/jobs/" + id + "/logs").body())
                        .contains("is shutting down; handing the job back to the queue");
                assertThat(awaitContainer(second, id)).as("the run made anew").isNotEqualTo(firstContainer);
                assertThat(second.slimmer().runsOf(id)).isEqualTo(1);
                api.post("/api/v1/jobs/" + id + "/cancel", null);
                api.awaitStatus(id, Duration.ofSeconds(30), "CANCELED");
            }
        } finally {
            if (id != null) {
                docker.container().listByLabel(SlimlineLabels.JOB, id).forEach(c -> docker.container().remove(c.id()));
            }
            docker.image().remove(FakeSlimmer.BASE_IMAGE, false);
        }
    }

    /** The container the job's current run created, once it has. */
    private static String awaitContainer(ServiceInstance service, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (service.slimmer().containerOf(id) == null) {
            assertThat(Instant.now()).as("job %s creates its container", id).isBefore(deadline);
            Thread.sleep(50);
        }
        return service.slimmer().containerOf(id);
    }
}
