package dev.slimline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.ImageDetails;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.ServiceImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service image as a user runs it: built from the repository's Dockerfile, started with no
 * Docker socket mounted and a bootstrap admin token, reached on a port published on 127.0.0.1.
 */
@RequiresDocker
class ServiceImageIT {

    private static final Map<String, String> LABELS = Map.of("slimline.test", "service-image-it");
    /** Spring Boot's start on a busy two-core machine, then the HEALTHCHECK's 30 s interval. */
    private static final Duration STARTUP = Duration.ofMinutes(2);
    private static final Duration HEALTHY = Duration.ofMinutes(3);

    private final DockerApi docker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();
    private final String token = "service-image-it-" + UUID.randomUUID();

    ServiceImageIT(DockerApi docker) {
        this.docker = docker;
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(docker.container()::remove);
    }

    @Test
    void withoutADockerDaemonTheServiceStartsAndReportsItDownButStaysHealthy() throws Exception {
        ServiceImage.Built image = ServiceImage.ensure();
        ImageDetails details = docker.image().inspect(image.reference()).orElseThrow();
        System.out.printf("[service-image-it] %s: %.1f MB%s%n", image.reference(), details.sizeBytes() / 1e6,
                image.built() ? String.format(", built in %.0f s", image.buildSeconds()) : ", reused");
        assertThat(details.config().user()).as("runs as a non-root user").isEqualTo("slimline:slimline");
        assertThat(details.config().volumes()).contains("/var/lib/slimline");
        assertThat(details.config().env()).contains("SLIMLINE_DATA_DIR=/var/lib/slimline");
        assertThat(details.config().healthcheck()).isNotNull();

        String id = docker.container().create(ContainerSpec.of(image.reference()).withLabels(LABELS)
                .withProcess(List.of("SLIMLINE_AUTH_BOOTSTRAP_TOKEN=" + token), null, null)
                .withPublishedPorts(List.of("8080/tcp"), "127.0.0.1"));
        containers.add(id);
        long started = System.nanoTime();
        docker.container().start(id);
        int port = docker.container().inspect(id).hostPorts().get("8080/tcp");

        HttpResponse<String> open = awaitAnswer(id, port, "/actuator/health");
        System.out.printf("[service-image-it] answered /actuator/health %.0f s after start%n",
                (System.nanoTime() - started) / 1e9);
        assertThat(open.statusCode()).as("no daemon reachable: overall DOWN").isEqualTo(503);
        assertThat(new ObjectMapper().readTree(open.body()).has("components")).as("details are for admins only")
                .isFalse();
        assertThat(get(port, "/api/v1/jobs", null).statusCode()).as("the image requires tokens").isEqualTo(401);
        assertThat(get(port, "/api/v1/jobs", token).statusCode()).isEqualTo(200);

        HttpResponse<String> health = get(port, "/actuator/health", token);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        JsonNode body = new ObjectMapper().readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        JsonNode dockerHealth = body.path("components").path("docker");
        assertThat(dockerHealth.path("status").asText()).isEqualTo("DOWN");
        assertThat(dockerHealth.path("details").path("default").path("status").asText()).isEqualTo("DOWN");
        assertThat(dockerHealth.path("details").path("default").path("error").asText())
                .contains("unix:///var/run/docker.sock").contains("could not be reached");
        assertThat(body.path("components").path("db").path("status").asText()).isEqualTo("UP");

        HttpResponse<String> liveness = get(port, "/actuator/health/liveness", null);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(liveness.body()).path("status").asText()).isEqualTo("UP");

        assertThat(awaitHealthVerdict(id)).as("the container's HEALTHCHECK verdict").isEqualTo("healthy");
    }

    private HttpResponse<String> awaitAnswer(String id, int port, String path) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                return get(port, path, null);
            } catch (IOException notYet) {
                ContainerState state = docker.container().inspect(id);
                assertThat(state.running()).as("service still running (exit code " + state.exitCode() + ")").isTrue();
                assertThat(System.nanoTime()).as("answer within " + STARTUP).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    private String awaitHealthVerdict(String id) throws InterruptedException {
        long deadline = System.nanoTime() + HEALTHY.toNanos();
        String verdict = docker.container().inspect(id).health();
        while ("starting".equals(verdict) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            verdict = docker.container().inspect(id).health();
        }
        return verdict;
    }

    private HttpResponse<String> get(int port, String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
