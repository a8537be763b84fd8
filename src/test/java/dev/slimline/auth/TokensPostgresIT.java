package dev.slimline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.job.PostgresSchema;
import dev.slimline.job.ServiceInstance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tokens, owners and encrypted credentials on PostgreSQL, with two API-only instances sharing the
 * database: a token created through one works on the other, a revocation through one is refused
 * by the other at once, and an idempotent retry with the same credentials finds its job on either.
 */
class TokensPostgresIT {

    private static final String BOOTSTRAP = "bootstrap-token-of-the-postgres-test-0123456789";
    private static final String PASSWORD = "Pa55word-of-the-postgres-test";

    @Test
    void twoInstancesShareTokensRevocationsAndJobs() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                ServiceInstance a = ServiceInstance.start(properties(schema, "a"));
                ServiceInstance b = ServiceInstance.start(properties(schema, "b"))) {
            ApiClient adminOnA = new ApiClient(a.port(), BOOTSTRAP);
            ApiClient adminOnB = new ApiClient(b.port(), BOOTSTRAP);
            ApiClient.Response created = adminOnA.post("/api/v1/tokens",
                    "{\"name\":\"pg-user\",\"roles\":[\"SUBMIT\"]}");
            String secret = created.json().path("token").asString();
            ApiClient userOnA = new ApiClient(a.port(), secret);
            ApiClient userOnB = new ApiClient(b.port(), secret);
            ApiClient otherOnB = new ApiClient(b.port(), adminOnB.post("/api/v1/tokens",
                    "{\"name\":\"pg-other\",\"roles\":[\"SUBMIT\"]}").json().path("token").asString());
            String body = "{\"image\":\"fake/ok:pg\",\"pullCredentials\":{\"username\":\"puller\",\"password\":\""
                    + PASSWORD + "\"}}";
            Map<String, String> key = Map.of("Idempotency-Key", "pg-1");

            ApiClient.Response submitted = userOnB.post("/api/v1/jobs", body, key);
            ApiClient.Response retried = userOnA.post("/api/v1/jobs", body, key);
            String id = submitted.json().path("id").asString();

            assertThat(submitted.status()).isEqualTo(202);
            assertThat(submitted.json().path("owner").asString()).isEqualTo("pg-user");
            assertThat(retried.status()).as("the same key and credentials, on the other instance").isEqualTo(200);
            assertThat(retried.json().path("id").asString()).isEqualTo(id);
            otherOnB.get("/api/v1/jobs/" + id).problem(404);
            try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT spec, secrets, request_hash FROM jobs")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("secrets")).startsWith("v1:").doesNotContain(PASSWORD);
                assertThat(rows.getString("spec") + rows.getString("request_hash")).doesNotContain(PASSWORD);
            }

            assertThat(adminOnB.delete("/api/v1/tokens/" + created.json().path("id").asString()).status())
                    .isEqualTo(204);
            userOnA.get("/api/v1/jobs").problem(401);
            userOnB.get("/api/v1/jobs").problem(401);
            assertThat(adminOnA.get("/api/v1/jobs/" + id).status()).isEqualTo(200);
        }
    }

    private static Map<String, Object> properties(PostgresSchema schema, String instance) {
        Map<String, Object> properties = new HashMap<>(schema.springProperties());
        properties.put("slimline.data-dir", Path.of("target", "test-data", "tokens-pg-" + instance + "-"
                + UUID.randomUUID()).toAbsolutePath().toString());
        properties.put("slimline.executor.instance-id", "tokens-pg-" + instance);
        properties.put("slimline.executor.concurrency", "0");
        properties.put("slimline.auth.enabled", "true");
        properties.put("slimline.auth.bootstrap-token", BOOTSTRAP);
        properties.put("slimline.secrets.key", Base64.getEncoder().encodeToString(new byte[32]));
        return properties;
    }
}
