package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.job.FakeSlimmerConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who gets what of the console with tokens on: the shells, assets and API docs without a token,
 * the fragments only with one, under the API's roles and ownership. API-only instance
 * (concurrency 0): jobs stay QUEUED, and no Docker engine is needed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimline.auth.enabled=true",
        "slimline.auth.bootstrap-token=" + ConsoleAccessTest.ADMIN,
        "slimline.executor.concurrency=0"})
@Import(FakeSlimmerConfiguration.class)
class ConsoleAccessTest {

    static final String ADMIN = "console-access-test-admin-token-0123456789";
    private static final Path DATA = Path.of("target", "test-data", "console-access-" + UUID.randomUUID())
            .toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pagesAssetsAndDocsNeedNoTokenAndHoldNoData() throws Exception {
        HttpResponse<String> jobs = get("/", null);
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(jobs.headers().firstValue("Content-Security-Policy")).hasValue(ConsolePages.CONTENT_SECURITY_POLICY);
        assertThat(jobs.body()).contains("data-auth=\"on\"", "/console/fragments/jobs").doesNotContain("job-row");
        assertThat(get("/submit", null).statusCode()).isEqualTo(200);
        assertThat(get("/jobs/" + UUID.randomUUID(), null).statusCode()).isEqualTo(200);
        assertThat(get("/assets/console.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/webjars/htmx.org/dist/htmx.min.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/webjars/swagger-ui/swagger-ui-bundle.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/docs", null).body()).contains("/webjars/swagger-ui/swagger-ui-bundle.js");
        HttpResponse<String> contract = get("/api/docs/openapi.yaml", null);
        assertThat(contract.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        assertThat(contract.body()).isEqualTo(Files.readString(Path.of("openapi.yaml")));
    }

    @Test
    void fragmentsNeedATokenAndFollowTheApisRolesAndOwnership() throws Exception {
        ApiClient admin = new ApiClient(port, ADMIN);
        String reader = admin.post("/api/v1/tokens", "{\"name\":\"console-reader\",\"roles\":[\"READ\"]}").json()
                .path("token").asString();
        String submitter = admin.post("/api/v1/tokens", "{\"name\":\"console-submitter\",\"roles\":[\"SUBMIT\"]}")
                .json().path("token").asString();
        String theirs = new ApiClient(port, submitter).post("/api/v1/jobs", "{\"image\":\"fake/app:1\"}").json()
                .path("id").asString();

        assertThat(get("/console/fragments/jobs", null).statusCode()).isEqualTo(401);
        assertThat(get("/console/fragments/jobs/" + theirs, "slt_unknown").statusCode()).isEqualTo(401);
        assertThat(get("/jobs/" + theirs + "/x", null).statusCode()).as("only the shells are open").isEqualTo(401);

        HttpResponse<String> ownList = get("/console/fragments/jobs", submitter);
        assertThat(ownList.statusCode()).isEqualTo(200);
        assertThat(ownList.body()).contains("data-job=\"" + theirs + "\"", "QUEUED", "fake/app:1");
        assertThat(ownList.headers().firstValue("Cache-Control")).hasValue("no-store");
        // the list refreshes itself while a job on it is queued or running
        assertThat(ownList.body()).contains("hx-trigger=\"every 3s\"");

        // another owner's job is not found, exactly like in the API, and not listed
        assertThat(get("/console/fragments/jobs/" + theirs, reader).statusCode()).isEqualTo(404);
        assertThat(get("/console/fragments/jobs", reader).body()).doesNotContain(theirs).contains("id=\"no-jobs\"");
        assertThat(post("/console/fragments/jobs/" + theirs + "/cancel", reader).statusCode()).isEqualTo(403);

        HttpResponse<String> readerForm = get("/console/fragments/submit-form", reader);
        assertThat(readerForm.body()).contains("id=\"no-submit\"").doesNotContain("id=\"submit-form\"");
        assertThat(get("/console/fragments/submit-form", submitter).body()).contains("id=\"submit-form\"");
        assertThat(get("/console/fragments/caller", reader).body()).contains("console-reader", "(READ)")
                .doesNotContain("nav-submit");

        HttpResponse<String> page = get("/console/fragments/jobs/" + theirs, submitter);
        assertThat(page.body()).contains("id=\"cancel\"", "hx-trigger=\"every 2s\"");
        HttpResponse<String> canceled = post("/console/fragments/jobs/" + theirs + "/cancel", submitter);
        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(canceled.body()).contains("CANCELED").doesNotContain("id=\"cancel\"")
                .doesNotContain("hx-trigger=\"every 2s\"");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        request.timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
