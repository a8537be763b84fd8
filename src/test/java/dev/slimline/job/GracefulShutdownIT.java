package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.testsupport.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A graceful shutdown hands running jobs back to the queue without counting the attempt, and the
 * next start runs them (here on the embedded H2 database, the default set-up). Handing a job back
 * removes its containers first, so this needs the Docker engine.
 */
@RequiresDocker
class GracefulShutdownIT {

    @Test
    void aStoppingInstanceHandsItsRunningJobBackAndTheNextOneRunsIt() throws Exception {
        Map<String, Object> properties = Map.of("slimline.data-dir",
                Path.of("target", "test-data", "shutdown-" + UUID.randomUUID()).toAbsolutePath().toString(),
                "slimline.executor.instance-id", "graceful");
        String id;
        try (ServiceInstance first = ServiceInstance.start(properties)) {
            ApiClient api = new ApiClient(first.port());
            id = api.post("/api/v1/jobs", "{\"image\":\"fake/block:shutdown\"}").json().path("id").asString();
            api.awaitStatus(id, Duration.ofSeconds(30), "RUNNING");
        }

        try (ServiceInstance second = ServiceInstance.start(properties)) {
            ApiClient api = new ApiClient(second.port());
            JsonNode job = api.awaitStatus(id, Duration.ofSeconds(30), "RUNNING");
            assertThat(job.path("attempts").asInt()).as("the interrupted run is not counted").isEqualTo(1);
            assertThat(api.get("/api/v1/jobs/" + id + "/logs").body())
                    .contains("is shutting down; handing the job back to the queue");
            assertThat(second.slimmer().runsOf(id)).isEqualTo(1);
            api.post("/api/v1/jobs/" + id + "/cancel", null);
            api.awaitStatus(id, Duration.ofSeconds(30), "CANCELED");
        }
    }

}
