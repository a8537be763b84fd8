package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.testsupport.RequiresDocker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Jobs take a slot on a daemon before they are claimed: with two daemons of capacity 1 (two names
 * for the local engine here), two jobs run, one on each, and a third waits QUEUED, although the
 * executor would run four at once, until a slot frees.
 */
@RequiresDocker
class DaemonCapacityIT {

    @Test
    void noDaemonRunsMoreJobsThanItsCapacity() throws Exception {
        String socket = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        Map<String, Object> properties = new HashMap<>();
        properties.put("slimline.data-dir", Path.of("target", "test-data", "capacity-" + UUID.randomUUID())
                .toAbsolutePath().toString());
        properties.put("slimline.executor.concurrency", "4");
        properties.put("slimline.docker.hosts[0].name", "left");
        properties.put("slimline.docker.hosts[0].uri", socket);
        properties.put("slimline.docker.hosts[0].capacity", "1");
        properties.put("slimline.docker.hosts[1].name", "right");
        properties.put("slimline.docker.hosts[1].uri", socket);
        properties.put("slimline.docker.hosts[1].capacity", "1");
        try (ServiceInstance service = ServiceInstance.start(properties)) {
            ApiClient api = new ApiClient(service.port());
            List<String> ids = List.of(submit(api, 1), submit(api, 2), submit(api, 3));

            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (count(api, "RUNNING") < 2) {
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(1000);

            assertThat(count(api, "RUNNING")).isEqualTo(2);
            assertThat(count(api, "QUEUED")).isEqualTo(1);
            String waiting = waitingId(api, ids);
            Set<String> hosts = new HashSet<>();
            ids.stream().filter(id -> !id.equals(waiting))
                    .forEach(id -> hosts.add(api.get("/api/v1/jobs/" + id).json().path("dockerHost").asString()));
            assertThat(hosts).containsExactlyInAnyOrder("left", "right");

            String running = ids.stream().filter(id -> !id.equals(waiting)).findFirst().orElseThrow();
            api.post("/api/v1/jobs/" + running + "/cancel", null);
            JsonNode started = api.awaitStatus(waiting, Duration.ofSeconds(30), "RUNNING");
            assertThat(started.path("dockerHost").asString()).isIn("left", "right");
            for (String id : ids) {
                api.post("/api/v1/jobs/" + id + "/cancel", null);
            }
        }
    }

    private static String submit(ApiClient api, int n) {
        return api.post("/api/v1/jobs", "{\"image\":\"fake/block:" + n + "\"}").json().path("id").asString();
    }

    private static String waitingId(ApiClient api, List<String> ids) {
        return ids.stream().filter(id -> api.get("/api/v1/jobs/" + id).json().path("status").asString()
                .equals("QUEUED")).findFirst().orElseThrow();
    }

    private static long count(ApiClient api, String status) {
        return api.get("/api/v1/jobs?status=" + status).json().path("totalItems").asLong();
    }

}
