package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.RegistryCredentials;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.testsupport.RequiresDocker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Registry credentials through the API with the fake pipeline: accepted, handed to the pipeline,
 * stored only encrypted and only while the job runs, never shown. (The real registry:
 * {@code RegistryJobIT}.)
 */
@RequiresDocker
class CredentialsApiTest extends ApiTestBase {

    private static final String PASSWORD = "Pull-Pa55word-of-the-api-test";
    private static final String PUSH_PASSWORD = "Push-Pa55word-of-the-api-test";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void credentialsReachThePipelineButNoResponseAndStayEncryptedOnlyWhileTheJobRuns() {
        ApiClient.Response accepted = api.post("/api/v1/jobs", body("fake/sleep:creds", PASSWORD));

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        assertThat(accepted.body()).doesNotContain(PASSWORD).doesNotContain(PUSH_PASSWORD)
                .doesNotContain("pullCredentials").doesNotContain("credentials");
        assertThat(accepted.json().path("spec").path("push").path("reference").asString())
                .isEqualTo("registry.example:5000/team/app:slim");
        Map<String, Object> row = jdbc.queryForMap("SELECT spec, secrets FROM jobs WHERE id = ?", id);
        assertThat(row.toString()).doesNotContain(PASSWORD).doesNotContain(PUSH_PASSWORD).doesNotContain("puller");
        assertThat((String) row.get("SECRETS")).startsWith("v1:");

        JsonNode job = await(id, "SUCCEEDED");

        SlimSpec given = slimmer.specOf(id);
        assertThat(given.pullCredentials()).isEqualTo(new RegistryCredentials("docker.io", "puller", PASSWORD));
        assertThat(given.push().credentials())
                .isEqualTo(new RegistryCredentials("registry.example:5000", "pusher", PUSH_PASSWORD));
        assertThat(job.toString()).doesNotContain(PASSWORD).doesNotContain("pullCredentials");
        assertThat(api.get("/api/v1/jobs/" + id + "/logs").body()).doesNotContain(PASSWORD);
        assertThat(jdbc.queryForObject("SELECT secrets FROM jobs WHERE id = ?", String.class, id))
                .as("erased when the job ended").isNull();
    }

    @Test
    void anIdempotentRetryMustRepeatTheSameCredentials() {
        Map<String, String> key = Map.of("Idempotency-Key", "creds-1");
        ApiClient.Response first = api.post("/api/v1/jobs", body("fake/ok:idem-creds", PASSWORD), key);
        ApiClient.Response retry = api.post("/api/v1/jobs", body("fake/ok:idem-creds", PASSWORD), key);
        ApiClient.Response otherPassword = api.post("/api/v1/jobs", body("fake/ok:idem-creds", PASSWORD + "2"), key);
        ApiClient.Response withoutCredentials = api.post("/api/v1/jobs",
                "{\"image\":\"fake/ok:idem-creds\",\"push\":{\"reference\":\"registry.example:5000/team/app:slim\"}}",
                key);

        String id = first.json().path("id").asString();
        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("id").asString()).isEqualTo(id);
        assertThat(otherPassword.problem(422).path("jobId").asString()).isEqualTo(id);
        assertThat(otherPassword.body()).doesNotContain(PASSWORD);
        withoutCredentials.problem(422);
        assertThat(jdbc.queryForObject("SELECT request_hash FROM jobs WHERE id = ?", String.class, id))
                .doesNotContain(PASSWORD);
    }

    @Test
    void credentialsForAnotherRegistryAreRefusedWithoutEchoingThem() {
        String body = "{\"image\":\"registry.example:5000/team/app:1\",\"pullCredentials\":{\"serverAddress\":"
                + "\"evil.example\",\"username\":\"puller\",\"password\":\"" + PASSWORD + "\"}}";

        ApiClient.Response refused = api.post("/api/v1/jobs", body);

        JsonNode problem = refused.problem(400);
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("pullCredentials.serverAddress");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("registry.example:5000");
        assertThat(refused.body()).doesNotContain(PASSWORD);
    }

    private static String body(String image, String password) {
        return "{\"image\":\"" + image + "\",\"pullCredentials\":{\"username\":\"puller\",\"password\":\"" + password
                + "\"},\"push\":{\"reference\":\"registry.example:5000/team/app:slim\",\"credentials\":{"
                + "\"serverAddress\":\"registry.example:5000\",\"username\":\"pusher\",\"password\":\"" + PUSH_PASSWORD
                + "\"}}}";
    }
}
