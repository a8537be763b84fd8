package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.testsupport.RequiresDocker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * After a crash, the jobs a dead instance had claimed (heartbeat older than the claim timeout, or
 * claimed under the restarting instance's own id) are settled on start-up: queued again while they
 * have attempts left, failed as "interrupted" after that; and their containers are removed.
 */
@RequiresDocker
class CrashRecoveryPostgresIT {

    private static final String DEAD = "instance-that-died";
    private static final String RESTARTED = "instance-restarted";

    @Test
    void settlesTheJobsOfDeadInstancesOnStartUpAndRemovesTheirContainersAndImages(DockerApi docker) throws Exception {
        String retried = UUID.randomUUID().toString();
        String exhausted = UUID.randomUUID().toString();
        String own = UUID.randomUUID().toString();
        List<String> containers = new ArrayList<>();
        try (PostgresSchema schema = PostgresSchema.create()) {
            Flyway.configure().dataSource(schema.jdbcUrl(), "postgres", "").load().migrate();
            Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
            try (Connection connection = schema.connect()) {
                claimed(connection, retried, DEAD, longAgo, 1, "PROBE");
                claimed(connection, exhausted, DEAD, longAgo, 2, "BUILD");
                // held under the restarting instance's own id with a fresh heartbeat: settled without waiting
                claimed(connection, own, RESTARTED, Instant.now(), 1, "INSTRUMENT");
            }
            String image = FakeSlimmer.tinyImage(docker, FakeSlimmer.BASE_IMAGE, "base");
            for (String job : List.of(retried, exhausted, own)) {
                containers.add(docker.container().create(ContainerSpec.of(image).withCommand(List.of("/nothing"), List.of())
                        .withLabels(Map.of(SlimlineLabels.JOB, job, FakeSlimmer.TEST_LABEL, FakeSlimmer.TEST_LABEL_VALUE))));
            }
            assertThat(docker.container().listByLabel(SlimlineLabels.JOB, exhausted)).hasSize(1);
            // what a run interrupted in BUILD leaves: an image of the job that never became its result
            FakeSlimmer.tinyImage(docker, "slimline-test/crash-" + exhausted + ":half-built", "half",
                    Map.of(SlimlineLabels.SOURCE_JOB, exhausted));

            Map<String, Object> properties = new HashMap<>(schema.springProperties());
            properties.put("slimline.data-dir", Path.of("target", "test-data", "crash-" + UUID.randomUUID())
                    .toAbsolutePath().toString());
            properties.put("slimline.executor.instance-id", RESTARTED);
            properties.put("slimline.executor.heartbeat-interval", "5s");
            properties.put("slimline.executor.claim-timeout", "60s");
            properties.put("slimline.executor.reap-interval", "60s");
            try (ServiceInstance service = ServiceInstance.start(properties)) {
                ApiClient api = new ApiClient(service.port());

                JsonNode failed = api.awaitStatus(exhausted, Duration.ofSeconds(30), "FAILED");
                JsonNode rerun = api.awaitStatus(retried, Duration.ofSeconds(30), "SUCCEEDED");
                JsonNode ownRerun = api.awaitStatus(own, Duration.ofSeconds(30), "SUCCEEDED");

                assertThat(failed.path("error").path("phase").asString()).isEqualTo("BUILD");
                assertThat(failed.path("error").path("reason").asString()).startsWith("interrupted: ")
                        .contains(DEAD).contains("not retried after 2 attempt(s)");
                assertThat(rerun.path("attempts").asInt()).isEqualTo(2);
                assertThat(api.get("/api/v1/jobs/" + retried + "/logs").body())
                        .contains("instance " + DEAD + ", which stopped").contains("queued again (attempt 2 of 2)");
                assertThat(ownRerun.path("attempts").asInt()).isEqualTo(2);
                assertThat(api.get("/api/v1/jobs/" + own + "/logs").body()).contains("before it restarted");
                assertThat(service.slimmer().runsOf(retried)).isEqualTo(1);
                assertThat(service.slimmer().runsOf(own)).isEqualTo(1);
                assertThat(service.slimmer().runsOf(exhausted)).isZero();
                for (String job : List.of(retried, exhausted, own)) {
                    awaitNoContainers(docker, job);
                }
                assertThat(docker.image().listByLabel(SlimlineLabels.SOURCE_JOB, exhausted))
                        .as("images of the failed job").isEmpty();
            }
        } finally {
            containers.forEach(docker.container()::remove);
            docker.image().remove("slimline-test/crash-" + exhausted + ":half-built", true);
            docker.image().remove(FakeSlimmer.BASE_IMAGE, false);
        }
    }

    private static void claimed(Connection connection, String id, String instance, Instant heartbeat, int attempts,
            String phase) throws Exception {
        String spec = new SpecCodec().write(SlimSpec.of("fake/ok:crash"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (id, status, image, spec,"
                + " phase, progress, attempts, claimed_by, heartbeat_at, created_at, started_at, updated_at)"
                + " VALUES (?, 'RUNNING', 'fake/ok:crash', ?, ?, 30, ?, ?, ?, ?, ?, ?)")) {
            var at = heartbeat.atOffset(ZoneOffset.UTC);
            insert.setString(1, id);
            insert.setString(2, spec);
            insert.setString(3, phase);
            insert.setInt(4, attempts);
            insert.setString(5, instance);
            insert.setObject(6, at);
            insert.setObject(7, at);
            insert.setObject(8, at);
            insert.setObject(9, at);
            insert.executeUpdate();
        }
    }


    private static void awaitNoContainers(DockerApi docker, String job) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!docker.container().listByLabel(SlimlineLabels.JOB, job).isEmpty()) {
            assertThat(Instant.now()).as("containers of job %s removed", job).isBefore(deadline);
            sleep(100);
        }
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
