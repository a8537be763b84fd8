package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.job.FakeSlimmer;
import dev.slimline.job.FakeSlimmerConfiguration;
import java.nio.file.Path;
import java.time.Duration;
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
        return api.awaitStatus(id, Duration.ofSeconds(20), statuses);
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
