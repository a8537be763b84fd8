package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import dev.slimline.testsupport.TlsDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A whole tiny-app job, submitted over HTTP, run on a remote daemon reached over tcp with TLS
 * client certificates (the service's only daemon): it succeeds, its slim image is verified, and
 * the job names that daemon.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RequiresDocker
class TlsDaemonJobIT {

    private static final Path DATA = Path.of("target", "test-data", "tls-job-" + UUID.randomUUID()).toAbsolutePath();
    private static final String DAEMON = "tls-builder";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
        registry.add("slimline.docker.hosts[0].name", () -> DAEMON);
        registry.add("slimline.docker.hosts[0].uri", TlsDaemon::uri);
        registry.add("slimline.docker.hosts[0].tls-cert-path", () -> TlsDaemon.clientCertPath().toString());
        registry.add("slimline.docker.hosts[0].capacity", () -> "1");
    }

    @LocalServerPort
    int port;

    @Test
    void theTinyAppIsSlimmedOnTheTlsDaemon() throws Exception {
        String image = TlsDaemon.ensureImage(TestImages.tinyApp());
        String slimTag = "slimline-test/tls-job-it:" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient api = new ApiClient(port);
        ApiClient.Response accepted = api.post("/api/v1/jobs", "{\"image\":\"" + image + "\",\"pull\":\"NEVER\","
                + "\"targetTag\":\"" + slimTag + "\",\"httpProbes\":[{\"path\":\"/\",\"port\":8080,"
                + "\"expectStatus\":200}]}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        try {
            JsonNode job = await(api, id);
            Duration took = Duration.between(Instant.parse(job.path("startedAt").asString()),
                    Instant.parse(job.path("finishedAt").asString()));
            System.out.printf("[tls-job-it] tiny-app job on the TLS daemon %s: %s in %d ms%n", TlsDaemon.uri(),
                    job.path("status").asString(), took.toMillis());

            assertThat(job.path("status").asString()).as(api.get("/api/v1/jobs/" + id + "/logs").body())
                    .isEqualTo("SUCCEEDED");
            assertThat(job.path("dockerHost").asString()).isEqualTo(DAEMON);
            assertThat(job.path("result").path("verified").asBoolean()).isTrue();
            assertThat(job.path("result").path("slimSizeBytes").asLong())
                    .isLessThan(job.path("result").path("originalSizeBytes").asLong());
            assertThat(TlsDaemon.api().image().inspect(slimTag)).as("the slim image is on the TLS daemon").isPresent();
        } finally {
            api.delete("/api/v1/jobs/" + id + "?deleteImage=true");
            TlsDaemon.api().image().remove(slimTag, true);
        }
    }

    private static JsonNode await(ApiClient api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        while (!List.of("SUCCEEDED", "FAILED", "CANCELED").contains(job.path("status").asString())) {
            assertThat(Instant.now()).as("job %s ends: %s", id, job).isBefore(deadline);
            Thread.sleep(250);
            job = api.get("/api/v1/jobs/" + id).json();
        }
        return job;
    }
}
