package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.job.FakeSlimmer;
import dev.slimline.job.FakeSlimmerConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** One service on a random port with an H2 database in a fresh data directory and a {@link FakeSlimmer}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimline.executor.poll-interval=100ms",
        "slimline.executor.heartbeat-interval=200ms",
        "slimline.executor.claim-timeout=2s",
        "slimline.executor.reap-interval=1s",
        "slimline.executor.log-flush-interval=50ms",
        "slimline.api.log-poll-interval=50ms"})
@Import(FakeSlimmerConfiguration.class)
abstract class ApiTestBase {

    static final Path DATA = Path.of("target", "test-data", "api-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    FakeSlimmer slimmer;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    String submit(String json) {
        ApiClient.Response response = api.post("/api/v1/jobs", json);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("id").asString();
    }

    JsonNode await(String id, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        while (!wanted.contains(job.path("status").asString())) {
            assertThat(Instant.now()).as("job %s reaching %s; it is %s", id, wanted, job).isBefore(deadline);
            sleep(50);
            job = api.get("/api/v1/jobs/" + id).json();
        }
        return job;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
