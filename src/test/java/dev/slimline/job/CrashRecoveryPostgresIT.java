package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.NetworkSummary;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
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
 * have attempts left, failed as "interrupted" after that; and their containers and networks are
 * removed. So is the network an ended job left behind (with a container still running on it),
 * while the network of a job a live replica runs on this daemon stays.
 */
@RequiresDocker
class CrashRecoveryPostgresIT {

    private static final String DEAD = "instance-that-died";
    private static final String RESTARTED = "instance-restarted";
    private static final String ALIVE = "instance-alive";

    @Test
    void settlesTheJobsOfDeadInstancesOnStartUpAndRemovesTheirContainersAndImages(DockerApi docker) throws Exception {
        String retried = UUID.randomUUID().toString();
        String exhausted = UUID.randomUUID().toString();
        String own = UUID.randomUUID().toString();
        String ended = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        List<String> containers = new ArrayList<>();
        try (PostgresSchema schema = PostgresSchema.create()) {
            Flyway.configure().dataSource(schema.jdbcUrl(), "postgres", "").load().migrate();
            Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
            try (Connection connection = schema.connect()) {
                claimed(connection, retried, DEAD, longAgo, 1, "PROBE");
                claimed(connection, exhausted, DEAD, longAgo, 2, "BUILD");
                // held under the restarting instance's own id with a fresh heartbeat: settled without waiting
                claimed(connection, own, RESTARTED, Instant.now(), 1, "INSTRUMENT");
                // failed long ago, but its network (with a container on it) survived the end of its run
                inserted(connection, ended, "FAILED", DEAD, longAgo, 1, "PROBE", null);
                // a live replica renews this claim; a heartbeat ahead of now stands for that for the whole test
                inserted(connection, live, "RUNNING", ALIVE, Instant.now().plus(Duration.ofMinutes(10)), 1, "PROBE",
                        "default");
            }
            String image = FakeSlimmer.tinyImage(docker, FakeSlimmer.BASE_IMAGE, "base");
            for (String job : List.of(retried, exhausted, own)) {
                containers.add(docker.container().create(ContainerSpec.of(image).withCommand(List.of("/nothing"), List.of())
                        .withLabels(Map.of(SlimlineLabels.JOB, job, FakeSlimmer.TEST_LABEL, FakeSlimmer.TEST_LABEL_VALUE))));
            }
            assertThat(docker.container().listByLabel(SlimlineLabels.JOB, exhausted)).hasSize(1);
            for (String job : List.of(retried, ended, live)) {
                docker.network().create("slimline-" + job, testLabels(job));
            }
            // running: a network with a running container attached cannot be removed
            String attached = docker.container().create(ContainerSpec.of(TestImages.tinyApp()).withLabels(testLabels(ended))
                    .withNetwork("slimline-" + ended, List.of("app")).withLimits(64L << 20, 500_000_000L, 32));
            containers.add(attached);
            docker.container().start(attached);
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
                assertThat(docker.network().listByLabel(SlimlineLabels.JOB, retried))
                        .as("the network of the job queued again, whose next run takes the same name").isEmpty();
                // the reap interval is 60 s: gone within 30 s means the start-up sweep removed it
                awaitNoContainers(docker, ended);
                awaitNoNetworks(docker, ended);
                assertThat(docker.network().listByLabel(SlimlineLabels.JOB, live)).as("the running job's network")
                        .extracting(NetworkSummary::name).containsExactly("slimline-" + live);
            }
        } finally {
            containers.forEach(docker.container()::remove);
            for (String job : List.of(retried, ended, live)) {
                docker.network().listByLabel(SlimlineLabels.JOB, job).forEach(n -> docker.network().remove(n.id()));
            }
            docker.image().remove("slimline-test/crash-" + exhausted + ":half-built", true);
            docker.image().remove(FakeSlimmer.BASE_IMAGE, false);
        }
    }

    private static void claimed(Connection connection, String id, String instance, Instant heartbeat, int attempts,
            String phase) throws Exception {
        inserted(connection, id, "RUNNING", instance, heartbeat, attempts, phase, null);
    }

    private static void inserted(Connection connection, String id, String status, String instance, Instant heartbeat,
            int attempts, String phase, String dockerHost) throws Exception {
        String spec = new SpecCodec().write(SlimSpec.of("fake/ok:crash"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (id, status, image, spec,"
                + " phase, progress, attempts, claimed_by, docker_host, heartbeat_at, created_at, started_at,"
                + " updated_at, finished_at) VALUES (?, ?, 'fake/ok:crash', ?, ?, 30, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            var at = heartbeat.atOffset(ZoneOffset.UTC);
            insert.setString(1, id);
            insert.setString(2, status);
            insert.setString(3, spec);
            insert.setString(4, phase);
            insert.setInt(5, attempts);
            insert.setString(6, instance);
            insert.setString(7, dockerHost);
            insert.setObject(8, at);
            insert.setObject(9, at);
            insert.setObject(10, at);
            insert.setObject(11, at);
            insert.setObject(12, status.equals("RUNNING") ? null : at, Types.TIMESTAMP_WITH_TIMEZONE);
            insert.executeUpdate();
        }
    }

    private static Map<String, String> testLabels(String job) {
        return Map.of(SlimlineLabels.JOB, job, FakeSlimmer.TEST_LABEL, FakeSlimmer.TEST_LABEL_VALUE);
    }

    private static void awaitNoNetworks(DockerApi docker, String job) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!docker.network().listByLabel(SlimlineLabels.JOB, job).isEmpty()) {
            assertThat(Instant.now()).as("networks of job %s removed", job).isBefore(deadline);
            sleep(100);
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
