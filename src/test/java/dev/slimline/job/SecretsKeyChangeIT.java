package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.testsupport.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A job queued under one secrets key and run by an instance with another cannot use its
 * registry credentials: it fails at once with a reason that says why, without running the
 * pipeline. The service has the fake pipeline ({@link FakeSlimmer}), which counts its runs: the
 * check is that it is never called. A job needs a slot on a Docker daemon that answers before it
 * is claimed, so this needs the engine.
 */
@RequiresDocker
class SecretsKeyChangeIT {

    private static final String PASSWORD = "Pa55word-of-the-key-change-test";

    @Test
    void aJobWhoseCredentialsNoLongerDecryptFailsWithTheReason() throws Exception {
        Path data = Path.of("target", "test-data", "key-change-" + UUID.randomUUID()).toAbsolutePath();
        String id;
        try (ServiceInstance before = ServiceInstance.start(properties(data, key(1), 0))) {
            ApiClient api = new ApiClient(before.port());
            id = api.post("/api/v1/jobs", "{\"image\":\"fake/ok:key-change\",\"pullCredentials\":{\"username\":"
                    + "\"puller\",\"password\":\"" + PASSWORD + "\"}}").json().path("id").asString();
        }

        try (ServiceInstance after = ServiceInstance.start(properties(data, key(2), 1))) {
            ApiClient api = new ApiClient(after.port());
            JsonNode job = api.awaitStatus(id, Duration.ofSeconds(30), "FAILED");

            assertThat(job.path("status").asString()).isEqualTo("FAILED");
            assertThat(job.path("error").path("reason").asString())
                    .startsWith("the job's registry credentials were encrypted under another key")
                    .contains("slimline.secrets.key").contains("submit the job again").doesNotContain(PASSWORD);
            assertThat(after.slimmer().runsOf(id)).as("the pipeline never ran").isZero();
            assertThat(api.get("/api/v1/jobs/" + id + "/logs").body())
                    .contains("Failed: the job's registry credentials were encrypted under another key");
        }
        assertThat(Files.exists(data.resolve("secrets.key"))).as("a configured key makes no key file").isFalse();
    }

    private static Map<String, Object> properties(Path data, String key, int concurrency) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("slimline.data-dir", data.toString());
        properties.put("slimline.secrets.key", key);
        properties.put("slimline.executor.concurrency", String.valueOf(concurrency));
        return properties;
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return Base64.getEncoder().encodeToString(key);
    }

}
