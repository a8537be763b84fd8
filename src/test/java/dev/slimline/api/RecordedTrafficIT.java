package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.testsupport.LocalHttp;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A team's own traffic as the exercise: a WHEN_TOLD job on the python test app, 50 requests over
 * ten routes through {@code observation.endpoints} (the lazily loaded {@code /report} among the
 * routes reached only this way), then end-observation; every request is replayed against the slim
 * image and answered alike, and the slim image keeps what {@code /report} needs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RequiresDocker
class RecordedTrafficIT {

    private static final Path DATA = Path.of("target", "test-data", "recorded-traffic-" + UUID.randomUUID())
            .toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void fiftyRequestsThroughTheEndpointAreRecordedReplayedAndAnsweredAlike(DockerApi docker) throws Exception {
        ApiClient api = new ApiClient(port);
        String slimTag = "slimline-test/traffic-it-" + UUID.randomUUID().toString().substring(0, 8) + ":slim";
        String body = "{\"image\":\"" + TestImages.pythonApp() + "\",\"pull\":\"NEVER\",\"targetTag\":\"" + slimTag
                + "\",\"probes\":{\"stop\":\"WHEN_TOLD\"}}";
        ApiClient.Response accepted = api.post("/api/v1/jobs", body);
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        try {
            JsonNode observing = api.awaitJobField(id, "/observation/endpoints/0", Duration.ofMinutes(3));
            assertThat(observing.at("/observation/endpoints/0/containerPort").asInt()).isEqualTo(5000);
            String url = observing.at("/observation/endpoints/0/url").asString();
            assertThat(url).startsWith("http://127.0.0.1:");

            List<Integer> statuses = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                statuses.add(send(url, "GET", "/health", null, Map.of()));
                statuses.add(send(url, "GET", "/time", null, Map.of()));
                statuses.add(send(url, "GET", "/items", null, Map.of()));
                statuses.add(send(url, "GET", "/items/" + (round % 4 + 1), null, Map.of()));
                statuses.add(send(url, "GET", "/greet?name=user" + round, null, Map.of()));
                statuses.add(send(url, "POST", "/echo", "{\"round\":" + round + "}",
                        Map.of("Content-Type", "application/json")));
                statuses.add(send(url, "GET", "/session", null, Map.of("Cookie", "session=s" + round)));
                statuses.add(send(url, "GET", "/secure", null, Map.of("Authorization", "Bearer letmein")));
                statuses.add(send(url, "GET", "/page", null, Map.of()));
                statuses.add(send(url, "GET", "/report", null, Map.of()));
            }
            assertThat(statuses).hasSize(50).containsOnly(200, 404);

            assertThat(api.post("/api/v1/jobs/" + id + "/end-observation", null).status()).isEqualTo(202);
            JsonNode job = api.awaitStatus(id, Duration.ofMinutes(10), "SUCCEEDED", "FAILED", "CANCELED");

            String log = api.get("/api/v1/jobs/" + id + "/logs").body();
            assertThat(job.path("status").asString()).as(log).isEqualTo("SUCCEEDED");
            assertThat(job.has("observation")).isFalse();
            JsonNode traffic = job.at("/result/traffic");
            assertThat(traffic.path("recorded").asInt()).as(log).isEqualTo(50);
            assertThat(traffic.path("replayed").asInt()).isEqualTo(50);
            assertThat(traffic.path("equal").asInt()).isEqualTo(50);
            assertThat(traffic.path("notRecorded").asInt()).isZero();

            JsonNode report = JSON.readTree(api.get("/api/v1/jobs/" + id + "/artifacts/report.json").body());
            assertThat(report.at("/traffic/recorded").asInt()).isEqualTo(50);
            JsonNode exchanges = report.at("/traffic/exchanges");
            assertThat(exchanges.size()).isEqualTo(50);
            JsonNode secure = exchanges.get(7).path("recorded");
            assertThat(secure.path("path").asString()).isEqualTo("/secure");
            assertThat(secure.toString()).as("secrets are blanked in the report").doesNotContain("letmein");
            assertThat(exchanges.get(8).at("/verdict/judgedBy").asString()).as("/page has a token per request")
                    .isEqualTo("structure");
            assertThat(exchanges.get(0).at("/verdict/judgedBy").asString()).isEqualTo("exact");
            assertThat(log).doesNotContain("letmein");

            assertThat(reportOfSlimImage(docker, slimTag)).contains("\"report\":\"sales\"");
        } finally {
            docker.image().remove(slimTag, true);
        }
    }

    private int send(String base, String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The slim image, run on its own, still serves the lazily loaded report. */
    private static String reportOfSlimImage(DockerApi docker, String image) throws Exception {
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of("slimline.test", "recorded-traffic-it"))
                .withPublishedPorts(List.of("5000/tcp"), "127.0.0.1").withLimits(512L << 20, 1_000_000_000L, 128));
        try {
            docker.container().start(id);
            int hostPort = docker.container().inspect(id).hostPorts().get("5000/tcp");
            return LocalHttp.get(hostPort, "/report", Duration.ofSeconds(30)).body();
        } finally {
            docker.container().remove(id);
        }
    }
}
