package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.RegistryCredentials;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.LocalHttp;
import dev.slimline.testsupport.CapturedLogs;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import dev.slimline.testsupport.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Jobs with registry credentials against a real private registry (htpasswd, on 127.0.0.1): the
 * image is pulled with the job's credentials, slimmed, and the slim image pushed with them; wrong
 * credentials fail the job in the phase that needed them, naming the registry. The passwords
 * appear in no response, job log, application log line (root at DEBUG) or database column.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RequiresDocker
class RegistryJobIT {

    private static final Path DATA = Path.of("target", "test-data", "registry-job-" + UUID.randomUUID())
            .toAbsolutePath();
    private static final Duration JOB_LIMIT = Duration.ofMinutes(5);

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
        // the reaper of job containers, often: a container users run from a slim image is not the job's
        registry.add("slimline.executor.reap-interval", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final DockerApi docker;
    private final String tag = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> images = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();
    private ApiClient api;

    RegistryJobIT(DockerApi docker) {
        this.docker = docker;
    }

    @AfterEach
    void cleanUp() {
        containers.forEach(docker.container()::remove);
        images.forEach(image -> docker.image().remove(image, true));
    }

    @Test
    void aPrivateImageIsPulledWithCredentialsSlimmedAndItsSlimImagePushedBack() throws Exception {
        api = new ApiClient(port);
        RegistryCredentials login = TestRegistry.credentials();
        String registry = TestRegistry.address();
        String source = TestImages.tinyApp();
        String original = registry + "/slimline/tiny-app:" + tag;
        String pushed = registry + "/slimline/tiny-app-slim:" + tag;
        String localSlim = "slimline-test/registry-it:" + tag;
        images.addAll(List.of(original, pushed, localSlim));
        docker.image().tag(source, registry + "/slimline/tiny-app", tag);
        docker.image().push(original, login, line -> { });
        docker.image().remove(original, false);

        JsonNode job;
        List<String> log;
        try (CapturedLogs logs = CapturedLogs.atDebug()) {
            String id = submit("{\"image\":\"" + original + "\",\"pull\":\"ALWAYS\",\"targetTag\":\"" + localSlim
                    + "\",\"pullCredentials\":{\"username\":\"" + login.username() + "\",\"password\":\""
                    + login.password() + "\"},\"push\":{\"reference\":\"" + pushed + "\",\"credentials\":{"
                    + "\"serverAddress\":\"" + registry + "\",\"username\":\"" + login.username() + "\","
                    + "\"password\":\"" + login.password() + "\"}},"
                    + "\"httpProbes\":[{\"path\":\"/\",\"port\":8080,\"expectStatus\":200}]}");
            job = await(id);
            log = logLines(id);
            assertThat(job.path("status").asString()).as(String.join("\n", log)).isEqualTo("SUCCEEDED");
            assertShownNowhere(login.password(), id, job, log, logs);
        }
        System.out.printf("[registry-job-it] pulled, slimmed and pushed in %s%n", duration(job));
        assertThat(job.path("result").path("verified").asBoolean()).isTrue();
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Pulling " + original + " as " + login.username()))
                .anySatisfy(line -> assertThat(line).contains("Pushing the slim image to " + pushed));

        docker.image().remove(pushed, false);
        docker.image().pull(pushed, login, line -> { });
        assertThat(docker.image().inspect(pushed)).as("pulled back from the registry").hasValueSatisfying(image -> {
            assertThat(sameImage(image.id(), job.path("result").path("slimImageId").asString())).isTrue();
            assertThat(image.config().labels()).containsEntry("slimline.source.job", job.path("id").asString())
                    .doesNotContainKey("slimline.job");
        });
        String container = docker.container().create(ContainerSpec.of(pushed)
                .withPublishedPorts(List.of("8080/tcp"), "127.0.0.1")
                .withLabels(Map.of("slimline.test", "registry-job-it")));
        containers.add(container);
        docker.container().start(container);
        int hostPort = docker.container().inspect(container).hostPorts().get("8080/tcp");
        assertThat(LocalHttp.get(hostPort, "/", Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
        // a real leftover of the job beside it: once the reaper has removed that, it has seen ours too
        String jobId = job.path("id").asString();
        containers.add(docker.container().create(ContainerSpec.of(pushed)
                .withLabels(Map.of(SlimlineLabels.JOB, jobId, "slimline.test", "registry-job-it"))));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!docker.container().listByLabel(SlimlineLabels.JOB, jobId).isEmpty()) {
            assertThat(Instant.now()).as("the reaper removes the job's leftover container").isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(docker.container().inspect(container).running()).as("not reaped as the job's").isTrue();
        assertThat(LocalHttp.get(hostPort, "/", Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPullPasswordFailsTheJobInInspectNamingTheRegistry() {
        api = new ApiClient(port);
        String wrong = "Wrong-pull-" + UUID.randomUUID();
        String original = TestRegistry.address() + "/slimline/tiny-app:" + tag;

        try (CapturedLogs logs = CapturedLogs.atDebug()) {
            String id = submit("{\"image\":\"" + original + "\",\"pull\":\"ALWAYS\","
                    + "\"pullCredentials\":{\"username\":\""
                    + TestRegistry.credentials().username() + "\",\"password\":\"" + wrong + "\"}}");
            JsonNode job = await(id);

            assertThat(job.path("status").asString()).isEqualTo("FAILED");
            assertThat(job.path("error").path("phase").asString()).isEqualTo("INSPECT");
            assertThat(job.path("error").path("reason").asString()).startsWith("could not pull " + original)
                    .contains("registry " + TestRegistry.address()).contains("authentication required");
            assertShownNowhere(wrong, id, job, logLines(id), logs);
        }
    }

    @Test
    void aWrongPushPasswordFailsTheJobInPublishNamingTheRegistry() {
        api = new ApiClient(port);
        String wrong = "Wrong-push-" + UUID.randomUUID();
        String pushed = TestRegistry.address() + "/slimline/tiny-app-slim:" + tag;
        String localSlim = "slimline-test/registry-it:" + tag;
        images.addAll(List.of(pushed, localSlim));

        try (CapturedLogs logs = CapturedLogs.atDebug()) {
            String id = submit("{\"image\":\"" + TestImages.tinyApp() + "\",\"pull\":\"NEVER\",\"targetTag\":\""
                    + localSlim + "\",\"push\":{\"reference\":\"" + pushed + "\",\"credentials\":{\"username\":\""
                    + TestRegistry.credentials().username() + "\",\"password\":\"" + wrong + "\"}}}");
            JsonNode job = await(id);

            assertThat(job.path("status").asString()).as(String.join("\n", logLines(id))).isEqualTo("FAILED");
            assertThat(job.path("error").path("phase").asString()).isEqualTo("PUBLISH");
            assertThat(job.path("error").path("reason").asString())
                    .startsWith("could not push the slim image to " + pushed)
                    .contains("registry " + TestRegistry.address()).contains("authentication required");
            assertShownNowhere(wrong, id, job, logLines(id), logs);
        }
    }

    private void assertShownNowhere(String password, String id, JsonNode job, List<String> log, CapturedLogs logs) {
        String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        assertThat(logs.lines()).as("the application logged while the job ran").isNotEmpty();
        assertThat(job.toString()).doesNotContain(password).doesNotContain("pullCredentials");
        assertThat(api.get("/api/v1/jobs?size=100").body()).doesNotContain(password);
        assertThat(log).noneMatch(line -> line.contains(password));
        assertThat(logs.showing(password, base64)).as("application log lines showing the password").isEmpty();
        assertThat(jdbc.queryForMap("SELECT * FROM jobs WHERE id = ?", id).toString()).doesNotContain(password);
        assertThat(jdbc.queryForObject("SELECT secrets FROM jobs WHERE id = ?", String.class, id))
                .as("credentials erased once the job ended").isNull();
    }

    private String submit(String body) {
        ApiClient.Response accepted = api.post("/api/v1/jobs", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("id").asString();
    }

    private JsonNode await(String id) {
        Instant deadline = Instant.now().plus(JOB_LIMIT);
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        while (!List.of("SUCCEEDED", "FAILED", "CANCELED").contains(job.path("status").asString())) {
            assertThat(Instant.now()).as("job %s ends within %s: %s", id, JOB_LIMIT, job).isBefore(deadline);
            sleep(500);
            job = api.get("/api/v1/jobs/" + id).json();
        }
        return job;
    }

    private List<String> logLines(String id) {
        return api.get("/api/v1/jobs/" + id + "/logs").body().lines().toList();
    }

    private static Duration duration(JsonNode job) {
        return Duration.between(Instant.parse(job.path("startedAt").asString()),
                Instant.parse(job.path("finishedAt").asString()));
    }

    /** Image ids as the daemon shows them ({@code sha256:<64 hex>}) or a build printed them (12 hex). */
    private static boolean sameImage(String a, String b) {
        String x = a.replace("sha256:", "");
        String y = b.replace("sha256:", "");
        return !x.isEmpty() && !y.isEmpty() && (x.startsWith(y) || y.startsWith(x));
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
