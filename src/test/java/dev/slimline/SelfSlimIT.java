package dev.slimline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.ServiceImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Slimline slims its own service image through its own API. Inside the instrumented container
 * the service listens on every interface, so it requires tokens: the job gives it a bootstrap
 * token (overrides.env) and sends it with the probe of the jobs API. There is no Docker daemon in
 * there, so its health is DOWN (503), as it is for the original. Then the slim image is run here
 * under its own seccomp profile and must answer the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RequiresDocker
class SelfSlimIT {

    private static final Path DATA = Path.of("target", "test-data", "self-slim-" + UUID.randomUUID()).toAbsolutePath();
    /** A JVM traced syscall by syscall on a busy two-core machine starts slowly. */
    private static final Duration JOB_LIMIT = Duration.ofMinutes(40);
    private static final Duration STARTUP = Duration.ofMinutes(5);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
        // the JVM's orderly shutdown under the tracer takes longer than a small app's
        registry.add("slimline.pipeline.grace-seconds", () -> "60");
    }

    @LocalServerPort
    int port;

    private final DockerApi docker;
    private final String token = "self-slim-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();

    SelfSlimIT(DockerApi docker) {
        this.docker = docker;
    }

    @AfterEach
    void cleanUp() {
        containers.forEach(docker.container()::remove);
        images.forEach(image -> docker.image().remove(image, true));
    }

    @Test
    void slimlineSlimsItsOwnImageAndTheSlimImageServesTheApiUnderItsProfile() throws Exception {
        ServiceImage.Built service = ServiceImage.ensure();
        String slimTag = "slimline-test/service-slim:" + service.reference().substring(service.reference()
                .lastIndexOf(':') + 1);
        images.add(slimTag);
        ApiClient api = new ApiClient(port);
        String id = api.post("/api/v1/jobs", "{\"image\":\"" + service.reference() + "\",\"pull\":\"NEVER\","
                + "\"targetTag\":\"" + slimTag + "\","
                + "\"overrides\":{\"env\":{\"SLIMLINE_AUTH_BOOTSTRAP_TOKEN\":\"" + token + "\"}},"
                + "\"probes\":{\"readinessTimeoutSeconds\":1200,\"requestTimeoutSeconds\":120},"
                + "\"httpProbes\":["
                + "{\"path\":\"/actuator/health/liveness\",\"port\":8080,\"expectStatus\":200},"
                + "{\"path\":\"/actuator/health\",\"port\":8080,\"expectStatus\":503},"
                + "{\"path\":\"/api/v1/jobs\",\"port\":8080,\"headers\":{\"Authorization\":\"Bearer " + token + "\"},"
                + "\"expectStatus\":200}],"
                + "\"limits\":{\"cpus\":2,\"memoryBytes\":2147483648,\"jobTimeoutSeconds\":" + JOB_LIMIT.toSeconds()
                + "}}").json().path("id").asString();

        JsonNode job = await(api, id);
        String log = api.get("/api/v1/jobs/" + id + "/logs").body();
        JsonNode result = job.path("result");
        System.out.printf("[self-slim-it] %s: %s in %s; %s (%.1f MB) -> %s (%.1f MB)%n", service.reference(),
                job.path("status").asString(), Duration.between(Instant.parse(job.path("startedAt").asString()),
                        Instant.parse(job.path("finishedAt").asString())),
                service.reference(), result.path("originalSizeBytes").asLong() / 1e6, slimTag,
                result.path("slimSizeBytes").asLong() / 1e6);
        try {
            assertThat(job.path("status").asString()).as(log).isEqualTo("SUCCEEDED");
            assertThat(result.path("verified").asBoolean()).as(log).isTrue();
            assertThat(result.path("slimSizeBytes").asLong()).isLessThan(result.path("originalSizeBytes").asLong());

            String seccomp = api.get("/api/v1/jobs/" + id + "/artifacts/seccomp.json").body();
            String container = docker.container().create(ContainerSpec.of(slimTag)
                    .withProcess(List.of("SLIMLINE_AUTH_BOOTSTRAP_TOKEN=" + token), null, null)
                    .withSecurityOpts(List.of("seccomp=" + seccomp))
                    .withPublishedPorts(List.of("8080/tcp"), "127.0.0.1")
                    .withLabels(Map.of("slimline.test", "self-slim-it")));
            containers.add(container);
            docker.container().start(container);
            int slimPort = docker.container().inspect(container).hostPorts().get("8080/tcp");

            HttpResponse<String> health = awaitAnswer(container, slimPort, "/actuator/health");
            assertThat(health.statusCode()).as("no Docker daemon in there: DOWN").isEqualTo(503);
            assertThat(get(slimPort, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            assertThat(get(slimPort, "/api/v1/jobs", null).statusCode()).isEqualTo(401);
            HttpResponse<String> jobs = get(slimPort, "/api/v1/jobs", token);
            assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
            assertThat(jobs.body()).contains("\"items\":[]");
        } finally {
            if (!job.path("status").asString().equals("SUCCEEDED")) {
                System.out.println("[self-slim-it] job log:\n" + log);
            }
            api.delete("/api/v1/jobs/" + id);
        }
    }

    private static JsonNode await(ApiClient api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(JOB_LIMIT.plusMinutes(1));
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        while (!List.of("SUCCEEDED", "FAILED", "CANCELED").contains(job.path("status").asString())) {
            assertThat(Instant.now()).as("job %s ends: %s", id, job).isBefore(deadline);
            Thread.sleep(2000);
            job = api.get("/api/v1/jobs/" + id).json();
        }
        return job;
    }

    private HttpResponse<String> awaitAnswer(String id, int port, String path) throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (true) {
            try {
                return get(port, path, null);
            } catch (IOException notYet) {
                ContainerState state = docker.container().inspect(id);
                assertThat(state.running()).as("the slim service still runs (exit code %d, OOM killed: %s); it said:%n%s",
                        state.exitCode(), state.oomKilled(), output(id)).isTrue();
                assertThat(Instant.now()).as("the slim service answers within %s; it said:%n%s", STARTUP, output(id))
                        .isBefore(deadline);
                Thread.sleep(500);
            }
        }
    }

    private String output(String container) {
        List<String> lines = new ArrayList<>();
        try (var done = docker.container().logs(container, false, lines::add)) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private HttpResponse<String> get(int port, String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
