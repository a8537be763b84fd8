package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.job.FakeSlimmerConfiguration;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A job's {@code notify} over HTTP, as shipped (private targets refused). API-only instance
 * (concurrency 0): jobs stay QUEUED, so no webhook is ever called from here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimline.executor.concurrency=0"})
@Import(FakeSlimmerConfiguration.class)
class WebhookApiTest {

    private static final Path DATA = Path.of("target", "test-data", "webhook-api-" + UUID.randomUUID())
            .toAbsolutePath();
    private static final String SECRET = "the-signing-secret-of-this-test";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theCloudMetadataAddressIsRefusedAtSubmit() {
        ApiClient api = new ApiClient(port);
        JsonNode problem = api.post("/api/v1/jobs", job("http://169.254.169.254/", SECRET, null)).problem(400);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("notify.url");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("link-local");
    }

    @Test
    void eachPartOfAWebhookIsChecked() {
        ApiClient api = new ApiClient(port);
        assertThat(field(api.post("/api/v1/jobs", job("http://127.0.0.1:9/hook", SECRET, null)).problem(400)))
                .isEqualTo("notify.url");
        assertThat(field(api.invalid("POST", "/api/v1/jobs", job("ftp://93.184.216.34/", SECRET, null),
                Map.of("Content-Type", "application/json")).problem(400))).isEqualTo("notify.url");
        assertThat(field(api.invalid("POST", "/api/v1/jobs", job("https://93.184.216.34/hook", "too-short", null),
                Map.of("Content-Type", "application/json")).problem(400))).isEqualTo("notify.secret");
        assertThat(field(api.invalid("POST", "/api/v1/jobs", job("https://93.184.216.34/hook", SECRET,
                "[\"SUCCEEDED\",\"SUCCEEDED\"]"), Map.of("Content-Type", "application/json")).problem(400)))
                .isEqualTo("notify.events");
        assertThat(field(api.invalid("POST", "/api/v1/jobs", job("https://93.184.216.34/hook", SECRET,
                "[\"QUEUED\"]"), Map.of("Content-Type", "application/json")).problem(400)))
                .startsWith("notify.events");
    }

    @Test
    void theWebhookShowsInTheJobWithoutItsSecret() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response submitted = api.post("/api/v1/jobs",
                job("https://93.184.216.34/hook", SECRET, "[\"RUNNING\",\"FAILED\"]"));
        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.json().path("id").asString();
        for (ApiClient.Response response : new ApiClient.Response[] {submitted, api.get("/api/v1/jobs/" + id),
                api.get("/api/v1/jobs")}) {
            assertThat(response.body()).contains("https://93.184.216.34/hook").doesNotContain(SECRET);
        }
        JsonNode notify = api.get("/api/v1/jobs/" + id).json().path("notify");
        assertThat(notify.path("events").toString()).isEqualTo("[\"RUNNING\",\"FAILED\"]");
        assertThat(notify.path("deliveries")).isEmpty();
        assertThat(api.get("/api/v1/jobs/" + id).json().path("spec").has("notify")).isFalse();
        // at rest it is sealed, like registry credentials
        assertThat(jdbc.queryForObject("SELECT secret FROM job_webhooks WHERE job_id = ?", String.class, id))
                .startsWith("v1:").doesNotContain(SECRET);
    }

    private static String field(JsonNode problem) {
        return problem.path("errors").get(0).path("field").asString();
    }

    private static String job(String url, String secret, String events) {
        return "{\"image\":\"fake/app:1\",\"notify\":{\"url\":\"" + url + "\",\"secret\":\"" + secret + "\""
                + (events == null ? "" : ",\"events\":" + events) + "}}";
    }
}
