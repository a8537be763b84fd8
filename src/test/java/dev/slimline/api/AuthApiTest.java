package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.job.FakeSlimmerConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
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
 * Tokens and roles over HTTP, as the service image runs them (auth on). API-only instance
 * (concurrency 0): jobs stay QUEUED, which is all these rules need, and no Docker engine is needed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimline.auth.enabled=true",
        "slimline.auth.bootstrap-token=" + AuthApiTest.BOOTSTRAP,
        "slimline.executor.concurrency=0"})
@Import(FakeSlimmerConfiguration.class)
class AuthApiTest {

    static final String BOOTSTRAP = "bootstrap-token-for-the-auth-api-test-0123456789";
    private static final Path DATA = Path.of("target", "test-data", "auth-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient anonymous;
    ApiClient admin;

    @BeforeEach
    void clients() {
        anonymous = new ApiClient(port);
        admin = new ApiClient(port, BOOTSTRAP);
    }

    @Test
    void aRequestWithoutAValidTokenGets401WithABearerChallenge() {
        ApiClient.Response none = anonymous.get("/api/v1/jobs");
        ApiClient.Response basic = anonymous.invalid("GET", "/api/v1/jobs", null,
                Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        ApiClient.Response unknown = anonymous.withToken("slt_" + "A".repeat(43)).get("/api/v1/jobs");
        ApiClient.Response unknownPath = anonymous.unchecked("GET", "/no/such/path", null, Map.of());

        assertThat(none.problem(401).path("detail").asString()).contains("Authorization: Bearer");
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"slimline\"");
        basic.problem(401);
        assertThat(basic.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(unknown.problem(401).path("detail").asString()).isEqualTo("the token is unknown or revoked");
        assertThat(unknown.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"slimline\", error=\"invalid_token\"");
        assertThat(unknownPath.status()).as("denied by default, even where nothing is").isEqualTo(401);
        assertThat(admin.unchecked("GET", "/no/such/path", null, Map.of()).status()).isEqualTo(404);
        assertThat(anonymous.invalid("POST", "/api/v1/jobs", "{\"image\":\"app\"}",
                Map.of("Content-Type", "application/json")).problem(401)).isNotNull();
    }

    @Test
    void healthIsOpenToAllButItsDetailsOnlyToAdmins() {
        ApiClient.Response open = anonymous.unchecked("GET", "/actuator/health", null, Map.of());
        ApiClient.Response badToken = anonymous.unchecked("GET", "/actuator/health", null,
                Map.of("Authorization", "Bearer wrong"));
        ApiClient.Response liveness = anonymous.unchecked("GET", "/actuator/health/liveness", null, Map.of());
        ApiClient.Response detailed = admin.unchecked("GET", "/actuator/health", null, Map.of());
        ApiClient.Response reader = anonymous.withToken(create("health-reader", "READ")).unchecked("GET",
                "/actuator/health", null, Map.of());

        assertThat(open.status()).isIn(200, 503);
        assertThat(open.json().path("status").asString()).isNotEmpty();
        assertThat(open.json().has("components")).as(open.body()).isFalse();
        assertThat(badToken.status()).as("a bad token does not fail a probe").isIn(200, 503);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(detailed.json().path("components").has("db")).as(detailed.body()).isTrue();
        assertThat(reader.json().has("components")).isFalse();
    }

    @Test
    void metricsNeedAnAdmin() {
        String reader = create("metrics-reader", "READ");

        ApiClient.Response none = anonymous.unchecked("GET", "/actuator/prometheus", null, Map.of());
        ApiClient.Response notAdmin = anonymous.withToken(reader).unchecked("GET", "/actuator/prometheus", null,
                Map.of());
        ApiClient.Response byAdmin = admin.unchecked("GET", "/actuator/prometheus", null, Map.of());

        assertThat(none.status()).isEqualTo(401);
        assertThat(notAdmin.problem(403).path("detail").asString()).contains("ADMIN").contains("metrics-reader");
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.body()).contains("slimline_jobs");
    }

    @Test
    void aTokenIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        ApiClient.Response created = admin.post("/api/v1/tokens", "{\"name\":\"ci-pipeline\",\"roles\":[\"SUBMIT\"]}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode token = created.json();
        String secret = token.path("token").asString();
        assertThat(secret).startsWith("slt_").hasSize(4 + 43);
        assertThat(created.header("Location")).isEqualTo("/api/v1/tokens/" + token.path("id").asString());
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(token.path("createdBy").asString()).isEqualTo("bootstrap");
        JsonNode listed = admin.get("/api/v1/tokens").json().path("tokens");
        assertThat(listed.toString()).contains("ci-pipeline").doesNotContain(secret).doesNotContain("\"token\"");
        assertThat(admin.get("/api/v1/tokens/" + token.path("id").asString()).json().has("token")).isFalse();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM api_tokens");
        assertThat(rows.toString()).doesNotContain(secret).doesNotContain(BOOTSTRAP).contains(hash);
        assertThat(listed.toString()).as("the bootstrap token, installed from configuration")
                .contains("\"id\":\"bootstrap\"").contains("\"createdBy\":\"configuration\"");
        assertThat(anonymous.withToken(secret).get("/api/v1/jobs").status()).isEqualTo(200);
    }

    @Test
    void theRolesDecideWhatATokenMayDo() {
        ApiClient reader = anonymous.withToken(create("reader", "READ"));
        ApiClient submitter = anonymous.withToken(create("submitter", "SUBMIT"));

        assertThat(reader.post("/api/v1/jobs", "{\"image\":\"fake/ok:1\"}").problem(403).path("detail").asString())
                .isEqualTo("this needs a token with the role SUBMIT; the token of 'reader' has READ");
        assertThat(reader.get("/api/v1/jobs").status()).isEqualTo(200);
        reader.get("/api/v1/tokens").problem(403);
        assertThat(submitter.post("/api/v1/jobs", "{\"image\":\"fake/ok:1\"}").status()).isEqualTo(202);
        submitter.post("/api/v1/tokens", "{\"name\":\"escalated\",\"roles\":[\"ADMIN\"]}").problem(403);
        submitter.delete("/api/v1/tokens/bootstrap").problem(403);
    }

    @Test
    void aJobIsSeenOnlyByItsOwnerAndByAdmins() {
        ApiClient alice = anonymous.withToken(create("alice", "SUBMIT"));
        ApiClient aliceDashboard = anonymous.withToken(create("alice", "READ"));
        ApiClient bob = anonymous.withToken(create("bob", "SUBMIT"));
        String job = alice.post("/api/v1/jobs", "{\"image\":\"fake/ok:alice\"}").json().path("id").asString();
        String bobsJob = bob.post("/api/v1/jobs", "{\"image\":\"fake/ok:bob\"}").json().path("id").asString();
        String path = "/api/v1/jobs/" + job;

        assertThat(alice.get(path).json().path("owner").asString()).isEqualTo("alice");
        assertThat(aliceDashboard.get(path).status()).as("a READ token of the same name").isEqualTo(200);
        aliceDashboard.post(path + "/cancel", null).problem(403);
        assertThat(admin.get(path).json().path("owner").asString()).isEqualTo("alice");
        List<ApiClient.Response> bobsTries = List.of(bob.get(path), bob.get(path + "/logs"),
                bob.get(path + "/artifacts"), bob.get(path + "/artifacts/logs.txt"), bob.post(path + "/cancel", null),
                bob.post(path + "/end-observation", null), bob.delete(path));
        ApiClient.Response missing = bob.get("/api/v1/jobs/" + UUID.randomUUID());
        for (ApiClient.Response tried : bobsTries) {
            assertThat(tried.problem(404).path("detail").asString())
                    .as("someone else's job looks exactly like no job").isEqualTo("no job with id " + job);
        }
        assertThat(missing.problem(404).path("title").asString()).isEqualTo(bobsTries.get(0).json().path("title")
                .asString());

        assertThat(ids(bob.get("/api/v1/jobs?size=100"))).contains(bobsJob).doesNotContain(job);
        assertThat(ids(bob.get("/api/v1/jobs?owner=alice"))).isEmpty();
        assertThat(ids(aliceDashboard.get("/api/v1/jobs?size=100"))).contains(job).doesNotContain(bobsJob);
        assertThat(ids(admin.get("/api/v1/jobs?size=100"))).contains(job, bobsJob);
        assertThat(ids(admin.get("/api/v1/jobs?owner=alice&size=100"))).contains(job).doesNotContain(bobsJob);
        assertThat(alice.post(path + "/cancel", null).json().path("status").asString()).isEqualTo("CANCELED");
        assertThat(alice.delete(path).status()).isEqualTo(204);
    }

    @Test
    void eachOwnerHasTheirOwnIdempotencyKeys() {
        ApiClient carol = anonymous.withToken(create("carol", "SUBMIT"));
        ApiClient dave = anonymous.withToken(create("dave", "SUBMIT"));
        Map<String, String> key = Map.of("Idempotency-Key", "build-42");
        String body = "{\"image\":\"fake/ok:idem\"}";

        ApiClient.Response carols = carol.post("/api/v1/jobs", body, key);
        ApiClient.Response daves = dave.post("/api/v1/jobs", body, key);
        ApiClient.Response carolAgain = carol.post("/api/v1/jobs", body, key);

        assertThat(carols.status()).isEqualTo(202);
        assertThat(daves.status()).as("dave's key is not carol's").isEqualTo(202);
        assertThat(daves.json().path("id").asString()).isNotEqualTo(carols.json().path("id").asString());
        assertThat(carolAgain.status()).isEqualTo(200);
        assertThat(carolAgain.json().path("id").asString()).isEqualTo(carols.json().path("id").asString());
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        ApiClient.Response created = admin.post("/api/v1/tokens", "{\"name\":\"short-lived\",\"roles\":[\"READ\"]}");
        String id = created.json().path("id").asString();
        ApiClient holder = anonymous.withToken(created.json().path("token").asString());
        assertThat(holder.get("/api/v1/jobs").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);

        holder.get("/api/v1/jobs").problem(401);
        assertThat(admin.get("/api/v1/tokens/" + id).json().path("revokedAt").asString()).isNotEmpty();
        assertThat(admin.delete("/api/v1/tokens/" + id).status()).as("revoking again changes nothing").isEqualTo(204);
        admin.delete("/api/v1/tokens/" + UUID.randomUUID()).problem(404);
    }

    @Test
    void refusesReservedAndMalformedTokenRequests() {
        List<String> fields = new ArrayList<>();
        for (String body : List.of("{\"name\":\"anonymous\",\"roles\":[\"READ\"]}",
                "{\"name\":\"Bootstrap\",\"roles\":[\"ADMIN\"]}", "{\"name\":\"with space\",\"roles\":[\"READ\"]}",
                "{\"name\":\"nobody\",\"roles\":[]}", "{\"name\":\"nobody\",\"roles\":[\"ROOT\"]}",
                "{\"name\":\"nobody\",\"roles\":[\"READ\"],\"token\":\"mine\"}")) {
            JsonNode problem = admin.invalid("POST", "/api/v1/tokens", body, Map.of("Content-Type",
                    "application/json", "Authorization", "Bearer " + BOOTSTRAP)).problem(400);
            fields.add(problem.path("errors").get(0).path("field").asString());
        }

        assertThat(fields).containsExactly("name", "name", "name", "roles", "roles[0]", "token");
    }

    private String create(String name, String... roles) {
        String body = "{\"name\":\"" + name + "\",\"roles\":[\"" + String.join("\",\"", roles) + "\"]}";
        ApiClient.Response created = admin.post("/api/v1/tokens", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asString();
    }

    private static List<String> ids(ApiClient.Response page) {
        assertThat(page.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path("items").forEach(job -> ids.add(job.path("id").asString()));
        return ids;
    }
}
