package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.testsupport.LocalHttp;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

/**
 * The whole service with the real pipeline, driven over HTTP as a user would: submit the tiny
 * test app, follow its log to the end, download seccomp.json and image.tar, {@code docker load}
 * the tar and check that the loaded slim image answers {@code GET /}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RequiresDocker
class PipelineApiIT {

    private static final Path DATA = Path.of("target", "test-data", "pipeline-api-" + UUID.randomUUID())
            .toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void slimsTheTinyAppOverHttpAndTheDownloadedImageRuns(DockerApi docker) throws Exception {
        ApiClient api = new ApiClient(port);
        String slimTag = "slimline-test/api-it-" + UUID.randomUUID().toString().substring(0, 8) + ":slim";
        String body = "{\"image\":\"" + TestImages.tinyApp() + "\",\"pull\":\"NEVER\",\"targetTag\":\"" + slimTag
                + "\",\"httpProbes\":[{\"path\":\"/\",\"port\":8080,\"expectStatus\":200}]}";
        ApiClient.Response accepted = api.post("/api/v1/jobs", body);
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        String container = null;
        Path tarFile = Files.createTempFile("slimline-it-image", ".tar");
        try {
            List<String> log = follow(api, id);
            JsonNode job = api.get("/api/v1/jobs/" + id).json();
            assertThat(job.path("status").asString()).as(String.join("\n", log)).isEqualTo("SUCCEEDED");
            assertThat(log).anySatisfy(line -> assertThat(line).endsWith("== PUBLISH (95%)"));
            assertThat(job.path("result").path("slimImage").asString()).isEqualTo(slimTag);
            assertThat(job.path("result").path("slimSizeBytes").asLong())
                    .isLessThan(job.path("result").path("originalSizeBytes").asLong());
            assertThat(job.path("result").path("verified").asBoolean()).isTrue();
            JsonNode inventory = job.path("result").path("inventory");
            assertThat(inventory.path("packages").path("before").asInt(-1)).as("FROM scratch: no packages").isZero();
            assertThat(inventory.path("complete").asBoolean()).isTrue();
            JsonNode sbom = api.get("/api/v1/jobs/" + id + "/artifacts/sbom.cdx.json").json();
            assertThat(sbom.path("bomFormat").asString()).isEqualTo("CycloneDX");
            assertThat(docker.image().inspect(slimTag).orElseThrow().config().labels())
                    .containsEntry("slimline.sbom.sha256", inventory.path("sbomSha256").asString());
            JsonNode diff = api.get("/api/v1/jobs/" + id + "/artifacts/diff.json").json();
            assertThat(diff.path("totals").path("removedBytes").asLong()).as("the padding").isGreaterThan(20_000_000);

            JsonNode seccomp = api.get("/api/v1/jobs/" + id + "/artifacts/seccomp.json").json();
            assertThat(seccomp.path("defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
            assertThat(seccomp.path("syscalls").size()).isPositive();

            HttpResponse<InputStream> download = api.stream("/api/v1/jobs/" + id + "/artifacts/image.tar");
            assertThat(download.statusCode()).isEqualTo(200);
            try (InputStream in = download.body()) {
                Files.copy(in, tarFile, StandardCopyOption.REPLACE_EXISTING);
            }
            docker.image().remove(slimTag, true);
            assertThat(docker.image().inspect(slimTag)).isEmpty();
            try (InputStream in = Files.newInputStream(tarFile)) {
                docker.image().load(in);
            }
            assertThat(docker.image().inspect(slimTag)).as("docker load of image.tar").isPresent();

            container = docker.container().create(ContainerSpec.of(slimTag)
                    .withPublishedPorts(List.of("8080/tcp"), "127.0.0.1")
                    .withLabels(Map.of("slimline.test", "api-it")));
            docker.container().start(container);
            int hostPort = docker.container().inspect(container).hostPorts().get("8080/tcp");
            assertThat(LocalHttp.get(hostPort, "/", Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
        } finally {
            if (container != null) {
                docker.container().remove(container);
            }
            Files.deleteIfExists(tarFile);
            api.delete("/api/v1/jobs/" + id + "?deleteImage=true");
            docker.image().remove(slimTag, true);
        }
    }

    private static List<String> follow(ApiClient api, String id) throws IOException {
        HttpResponse<InputStream> response = api.stream("/api/v1/jobs/" + id + "/logs?follow=true");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

}
