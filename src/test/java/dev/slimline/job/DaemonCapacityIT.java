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

/**
 * Jobs take a slot on a daemon before they are claimed: with two daemons of capacity 1 (two names
 * for the local engine here), two jobs run, one on each, and a third waits QUEUED, although the
 * executor would run four at once, until a slot frees; it then runs on the daemon that freed it.
 * The jobs run the fake pipeline ({@code fake/block}: they hold their slot until canceled), since
 * what is checked is the scheduling, not the slimming.
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
            String first = submit(api, 1);
            String second = submit(api, 2);
            api.awaitStatus(first, Duration.ofSeconds(30), "RUNNING");
            api.awaitStatus(second, Duration.ofSeconds(30), "RUNNING");
            // submitted once both slots are taken: the poll its submission triggers finds no room
            String waiting = submit(api, 3);
            List<String> ids = List.of(first, second, waiting);

            assertThat(status(api, waiting)).isEqualTo("QUEUED");
            assertThat(count(api, "RUNNING")).isEqualTo(2);
            Set<String> hosts = new HashSet<>(List.of(host(api, first), host(api, second)));
            assertThat(hosts).containsExactlyInAnyOrder("left", "right");

            String freed = host(api, first);
            api.post("/api/v1/jobs/" + first + "/cancel", null);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!status(api, waiting).equals("RUNNING")) {
                assertThat(Instant.now()).as("the waiting job starts once a slot frees").isBefore(deadline);
                assertThat(count(api, "RUNNING")).as("never more jobs running than slots").isLessThanOrEqualTo(2);
                Thread.sleep(100);
            }
            assertThat(host(api, waiting)).as("the daemon whose slot freed").isEqualTo(freed);
            api.awaitStatus(first, Duration.ofSeconds(30), "CANCELED");
            for (String id : ids) {
                api.post("/api/v1/jobs/" + id + "/cancel", null);
            }
        }
    }

    private static String submit(ApiClient api, int n) {
        return api.post("/api/v1/jobs", "{\"image\":\"fake/block:" + n + "\"}").json().path("id").asString();
    }

    private static String status(ApiClient api, String id) {
        return api.get("/api/v1/jobs/" + id).json().path("status").asString();
    }

    private static String host(ApiClient api, String id) {
        return api.get("/api/v1/jobs/" + id).json().path("dockerHost").asString();
    }

    private static long count(ApiClient api, String status) {
        return api.get("/api/v1/jobs?status=" + status).json().path("totalItems").asLong();
    }

}
