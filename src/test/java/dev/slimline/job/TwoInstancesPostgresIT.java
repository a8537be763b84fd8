package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.testsupport.RequiresDocker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two service instances (random ports, different instance ids) sharing one PostgreSQL database
 * and one data directory: the Flyway migrations apply, every job runs exactly once on one of
 * them, and a cancel sent to either reaches the instance running the job. The jobs run the fake
 * pipeline ({@link FakeSlimmer}: {@code fake/sleep} takes 300 ms, {@code fake/block} waits to be
 * canceled), which counts its runs: what is checked is the queue across instances, not slimming.
 */
@RequiresDocker
class TwoInstancesPostgresIT {

    private PostgresSchema schema;
    private ServiceInstance a;
    private ServiceInstance b;

    @BeforeEach
    void start() {
        schema = PostgresSchema.create();
        Path data = Path.of("target", "test-data", "pg-" + UUID.randomUUID()).toAbsolutePath();
        a = ServiceInstance.start(properties("instance-a", data));
        b = ServiceInstance.start(properties("instance-b", data));
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        schema.close();
    }

    @Test
    void migrationsApplyOnPostgresql() throws Exception {
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).isTrue();
                applied.add(rs.getString("version"));
            }
            assertThat(applied).contains("1");
        }
    }

    @Test
    void twentyJobsSubmittedToBothRunExactlyOnceEach() {
        ApiClient apiA = new ApiClient(a.port());
        ApiClient apiB = new ApiClient(b.port());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ApiClient api = i % 2 == 0 ? apiA : apiB;
            ApiClient.Response response = api.post("/api/v1/jobs", "{\"image\":\"fake/sleep:" + i + "\"}");
            assertThat(response.status()).isEqualTo(202);
            ids.add(response.json().path("id").asString());
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (apiA.get("/api/v1/jobs?status=SUCCEEDED&size=100").json().path("totalItems").asLong() < 20) {
            assertThat(Instant.now()).as("all 20 jobs done in time").isBefore(deadline);
            sleep(100);
        }

        Map<String, Integer> runs = new HashMap<>();
        a.slimmer().runs().forEach((id, n) -> runs.merge(id, n, Integer::sum));
        b.slimmer().runs().forEach((id, n) -> runs.merge(id, n, Integer::sum));
        assertThat(runs).hasSize(20);
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).allMatch(n -> n == 1);
        assertThat(a.slimmer().runs()).as("instance a ran some").isNotEmpty();
        assertThat(b.slimmer().runs()).as("instance b ran some").isNotEmpty();
        assertThat(apiB.get("/api/v1/jobs?status=QUEUED,RUNNING").json().path("totalItems").asLong()).isZero();
        for (String id : ids) {
            JsonNode job = apiB.get("/api/v1/jobs/" + id).json();
            assertThat(job.path("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aCancelThroughEitherInstanceStopsTheJobWhereItRuns() {
        ApiClient apiA = new ApiClient(a.port());
        ApiClient apiB = new ApiClient(b.port());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(apiA.post("/api/v1/jobs", "{\"image\":\"fake/block:" + i + "\"}").json().path("id").asString());
        }
        for (String id : ids) {
            apiA.awaitStatus(id, Duration.ofSeconds(20), "RUNNING");
        }

        for (String id : ids) {
            ApiClient.Response canceled = apiB.post("/api/v1/jobs/" + id + "/cancel", null);
            assertThat(canceled.status()).isIn(200, 202);
        }

        for (String id : ids) {
            JsonNode job = apiA.awaitStatus(id, Duration.ofSeconds(20), "CANCELED");
            assertThat(job.path("error").path("reason").asString()).startsWith("canceled by request");
        }
        assertThat(a.slimmer().runs().size() + b.slimmer().runs().size()).isEqualTo(3);
    }


    private Map<String, Object> properties(String instanceId, Path data) {
        Map<String, Object> properties = new HashMap<>(schema.springProperties());
        properties.put("slimline.data-dir", data.toString());
        properties.put("slimline.executor.instance-id", instanceId);
        return properties;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
