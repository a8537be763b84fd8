package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.testsupport.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
            await(api, id, "RUNNING");
        }

        try (ServiceInstance second = ServiceInstance.start(properties)) {
            ApiClient api = new ApiClient(second.port());
            JsonNode job = await(api, id, "RUNNING");
            assertThat(job.path("attempts").asInt()).as("the interrupted run is not counted").isEqualTo(1);
            assertThat(api.get("/api/v1/jobs/" + id + "/logs").body())
                    .contains("is shutting down; handing the job back to the queue");
            assertThat(second.slimmer().runsOf(id)).isEqualTo(1);
            api.post("/api/v1/jobs/" + id + "/cancel", null);
            await(api, id, "CANCELED");
        }
    }

    private static JsonNode await(ApiClient api, String id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        while (!job.path("status").asString().equals(status)) {
            assertThat(Instant.now()).as("job %s reaching %s: %s", id, status, job).isBefore(deadline);
            Thread.sleep(100);
            job = api.get("/api/v1/jobs/" + id).json();
        }
        return job;
    }
}
