package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.job.FakeSlimmer;
import dev.slimline.testsupport.DockerTestSupport;
import dev.slimline.testsupport.RequiresDocker;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The jobs API end to end over HTTP, with the fake pipeline; every exchange is checked against
 * openapi.yaml. Jobs are only claimed with a slot on a Docker daemon that answers, so this needs the engine.
 */
@RequiresDocker
class JobApiTest extends ApiTestBase {

    @Test
    void runsASubmittedJobAndShowsItsResult() {
        ApiClient.Response accepted = api.post("/api/v1/jobs", "{\"image\":\"fake/ok:1\"}");

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/jobs/" + id);
        JsonNode job = await(id, "SUCCEEDED");
        assertThat(job.path("progress").asInt()).isEqualTo(100);
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("dockerHost").asString()).isEqualTo("default");
        assertThat(job.path("startedAt").asString()).isNotEmpty();
        assertThat(job.path("finishedAt").asString()).isNotEmpty();
        JsonNode result = job.path("result");
        assertThat(result.path("originalImage").asString()).isEqualTo("fake/ok:1");
        assertThat(result.path("slimImage").asString()).isEqualTo("slimline-test/api-" + id + ":slim");
        assertThat(result.path("originalSizeBytes").asLong()).isEqualTo(100_000_000L);
        assertThat(result.path("slimSizeBytes").asLong()).isEqualTo(5_000_000L);
        assertThat(result.path("verified").asBoolean()).isTrue();
        assertThat(result.path("verification").asString()).isEqualTo("VERIFIED");
        assertThat(result.path("probeCounts").path("default").path("requests").asInt()).isEqualTo(1);
        assertThat(result.path("probeCounts").path("default").path("verified").asInt()).isEqualTo(1);
        JsonNode inventory = result.path("inventory");
        assertThat(inventory.path("packages").path("before").asInt()).isEqualTo(3);
        assertThat(inventory.path("packages").path("after").asInt()).isEqualTo(1);
        assertThat(inventory.path("byEcosystem").path("npm").path("after").asInt()).isEqualTo(1);
        assertThat(inventory.path("topPackages").path(0).path("purl").asString()).isEqualTo("pkg:npm/express@4.22.3");
        assertThat(inventory.path("complete").asBoolean(true)).isFalse();
        assertThat(result.at("/probes/0/request").asString()).isEqualTo("GET /");
        assertThat(result.at("/probes/0/judgedBy").asString()).isEqualTo("exact");
        assertThat(result.at("/probes/0/passed").asBoolean()).isTrue();
        assertThat(job.has("error")).isFalse();
        assertThat(slimmer.runsOf(id)).isEqualTo(1);
    }

    @Test
    void aSlimImageThatWasOnlyStartedSucceedsButIsNotCalledVerified() {
        String id = submit("{\"image\":\"fake/ran-only:1\"}");

        JsonNode job = await(id, "SUCCEEDED");

        assertThat(job.path("result").path("verified").asBoolean(true)).isFalse();
        assertThat(job.path("result").path("verification").asString()).isEqualTo("RAN_ONLY");
        assertThat(api.get("/api/v1/jobs/" + id + "/logs").body())
                .contains("not verified (RAN_ONLY): the slim image was only started and kept running");
    }

    @Test
    void showsThePhaseAndReasonOfAFailedJob() {
        String id = submit("{\"image\":\"fake/fail:1\"}");

        JsonNode job = await(id, "FAILED");

        assertThat(job.path("error").path("phase").asString()).isEqualTo("PROBE");
        assertThat(job.path("error").path("reason").asString()).isEqualTo("the application did not answer on port 8080");
        assertThat(job.has("result")).isFalse();
        assertThat(api.get("/api/v1/jobs/" + id + "/logs").body())
                .contains("Failed in PROBE: the application did not answer on port 8080");
    }

    @Test
    void aSlimImageThatFailsVerificationFailsTheJobButKeepsItsResultAndArtifacts() {
        String id = submit("{\"image\":\"fake/unverified:1\"}");

        JsonNode job = await(id, "FAILED");

        assertThat(job.path("error").path("phase").asString()).isEqualTo("VERIFY");
        assertThat(job.path("error").path("reason").asString())
                .isEqualTo("verification failed: probe GET http://127.0.0.1:32768/ (container port 8080, judged by"
                        + " structure): JSON differs at /status: \"error\" where the original had \"ok\"");
        assertThat(job.path("result").path("verified").asBoolean(true)).isFalse();
        assertThat(job.at("/result/probes/0/judgedBy").asString()).isEqualTo("structure");
        assertThat(job.at("/result/probes/0/passed").asBoolean(true)).isFalse();
        assertThat(job.at("/result/probes/0/pointer").asString()).isEqualTo("/status");
        assertThat(job.path("result").path("verification").asString()).isEqualTo("FAILED");
        assertThat(job.path("result").path("slimImage").asString()).isEqualTo("slimline-test/api-" + id + ":slim");
        assertThat(api.get("/api/v1/jobs/" + id + "/artifacts/seccomp.json").status()).isEqualTo(200);
    }

    @Test
    void anIdempotencyKeyMakesRetriesSafe() {
        Map<String, String> key = Map.of("Idempotency-Key", "ci-build-4711");
        ApiClient.Response first = api.post("/api/v1/jobs", "{\"image\":\"fake/ok:idem\"}", key);
        ApiClient.Response retry = api.post("/api/v1/jobs", "{ \"image\" : \"fake/ok:idem\" }", key);
        ApiClient.Response sameWithDefaults = api.post("/api/v1/jobs", "{\"image\":\"fake/ok:idem\",\"pull\":\"IF_MISSING\"}",
                key);
        ApiClient.Response other = api.post("/api/v1/jobs", "{\"image\":\"fake/ok:other\"}", key);

        String id = first.json().path("id").asString();
        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("id").asString()).isEqualTo(id);
        assertThat(retry.header("Location")).isEqualTo("/api/v1/jobs/" + id);
        assertThat(sameWithDefaults.json().path("id").asString()).isEqualTo(id);
        JsonNode problem = other.problem(422);
        assertThat(problem.path("jobId").asString()).isEqualTo(id);
        assertThat(api.get("/api/v1/jobs?image=fake/ok:idem").json().path("totalItems").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/jobs?image=fake/ok:other").json().path("totalItems").asLong()).isZero();
    }

    @Test
    void listsJobsNewestFirstWithPagingAndFilters() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit("{\"image\":\"fake/paging:" + i + "\"}"));
        }
        String failed = submit("{\"image\":\"fake/fail:paging\"}");
        await(failed, "FAILED");
        ids.forEach(id -> await(id, "SUCCEEDED"));

        JsonNode page0 = api.get("/api/v1/jobs?size=2&page=0&status=SUCCEEDED").json();
        JsonNode page2 = api.get("/api/v1/jobs?size=2&page=2&status=SUCCEEDED").json();
        JsonNode byImage = api.get("/api/v1/jobs?image=fake/paging:3").json();
        JsonNode failedOnly = api.get("/api/v1/jobs?status=FAILED&image=fake/fail:paging").json();
        JsonNode either = api.get("/api/v1/jobs?status=failed,succeeded&image=fake/fail:paging").json();

        assertThat(page0.path("size").asInt()).isEqualTo(2);
        assertThat(page0.path("items")).hasSize(2);
        assertThat(page0.path("totalItems").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(page0.path("items").get(0).path("createdAt").asString())
                .isGreaterThanOrEqualTo(page0.path("items").get(1).path("createdAt").asString());
        assertThat(page0.path("items").get(0).path("id").asString()).isNotEqualTo(page2.path("items").get(0).path("id").asString());
        assertThat(byImage.path("items")).hasSize(1);
        assertThat(byImage.path("items").get(0).path("id").asString()).isEqualTo(ids.get(3));
        assertThat(failedOnly.path("items").get(0).path("id").asString()).isEqualTo(failed);
        assertThat(either.path("totalItems").asLong()).isEqualTo(1);
        List<String> newestFirst = new ArrayList<>();
        api.get("/api/v1/jobs?size=100").json().path("items").forEach(j -> newestFirst.add(j.path("id").asString()));
        assertThat(newestFirst.indexOf(ids.get(4))).isLessThan(newestFirst.indexOf(ids.get(0)));
    }

    @Test
    void refusesBadListParameters() {
        assertThat(api.invalid("GET", "/api/v1/jobs?size=101", null, Map.of()).problem(400).path("errors").get(0)
                .path("field").asString()).isEqualTo("size");
        assertThat(api.invalid("GET", "/api/v1/jobs?size=0", null, Map.of()).problem(400).path("errors").get(0)
                .path("field").asString()).isEqualTo("size");
        assertThat(api.invalid("GET", "/api/v1/jobs?page=-1", null, Map.of()).problem(400).path("errors").get(0)
                .path("field").asString()).isEqualTo("page");
        assertThat(api.invalid("GET", "/api/v1/jobs?page=x", null, Map.of()).problem(400).path("errors").get(0)
                .path("field").asString()).isEqualTo("page");
        assertThat(api.invalid("GET", "/api/v1/jobs?status=DONE", null, Map.of()).problem(400).path("errors").get(0)
                .path("field").asString()).isEqualTo("status");
        assertThat(api.invalid("GET", "/api/v1/jobs?image=a;b", null, Map.of()).problem(400).path("errors").get(0)
                .path("field").asString()).isEqualTo("image");
    }

    @Test
    void cancelsAQueuedJobAtOnceAndARunningOneByInterruptingIt() {
        String first = submit("{\"image\":\"fake/block:1\"}");
        String second = submit("{\"image\":\"fake/block:2\"}");
        await(first, "RUNNING");
        await(second, "RUNNING");
        awaitPhase(first, "PROBE");
        String queued = submit("{\"image\":\"fake/ok:queued\"}");

        ApiClient.Response canceledQueued = api.post("/api/v1/jobs/" + queued + "/cancel", null);
        ApiClient.Response canceledRunning = api.post("/api/v1/jobs/" + first + "/cancel", null);
        ApiClient.Response again = api.post("/api/v1/jobs/" + first + "/cancel", null);
        api.post("/api/v1/jobs/" + second + "/cancel", null);

        assertThat(canceledQueued.status()).isEqualTo(200);
        assertThat(canceledQueued.json().path("status").asString()).isEqualTo("CANCELED");
        assertThat(slimmer.runsOf(queued)).isZero();
        assertThat(canceledRunning.status()).isEqualTo(200);
        JsonNode job = canceledRunning.json();
        assertThat(job.path("status").asString()).isEqualTo("CANCELED");
        assertThat(job.path("cancelRequested").asBoolean()).isTrue();
        assertThat(job.path("error").path("reason").asString()).isEqualTo("canceled by request during PROBE");
        assertThat(again.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/jobs/" + first + "/logs").body()).contains("Canceled by request during PROBE");
        await(second, "CANCELED");
    }

    @AfterAll
    static void removeTheFakeBaseImage() {
        try {
            DockerTestSupport.api().image().remove(FakeSlimmer.BASE_IMAGE, false);
        } catch (RuntimeException e) {
            // no engine (the Docker tests were skipped) or the image was never built
        }
    }

    @Test
    @RequiresDocker
    void cancelingARunningJobRemovesItsContainersAndNetwork(DockerApi docker) {
        String id = submit("{\"image\":\"fake/container:1\"}");
        await(id, "RUNNING");
        String container = awaitContainer(id);
        assertThat(docker.container().listByLabel(SlimlineLabels.JOB, id)).hasSize(1);
        assertThat(docker.network().listByLabel(SlimlineLabels.JOB, id)).hasSize(1);

        ApiClient.Response canceled = api.post("/api/v1/jobs/" + id + "/cancel", null);

        assertThat(canceled.json().path("status").asString()).isEqualTo("CANCELED");
        assertThat(docker.container().listByLabel(SlimlineLabels.JOB, id)).isEmpty();
        assertThat(docker.network().listByLabel(SlimlineLabels.JOB, id)).isEmpty();
        assertThat(container).isNotNull();
    }

    @Test
    void failsAJobThatOutlivesItsTimeLimit() {
        String id = submit("{\"image\":\"fake/block:timeout\",\"limits\":{\"jobTimeoutSeconds\":1}}");

        JsonNode job = await(id, "FAILED");

        assertThat(job.path("error").path("phase").asString()).isEqualTo("PROBE");
        assertThat(job.path("error").path("reason").asString())
                .startsWith("timed out: the job took longer than its limit of PT1S (limits.jobTimeoutSeconds)");
    }

    @Test
    void endsTheObservationOfAJobThatWaitsToBeTold() {
        String id = submit("{\"image\":\"fake/told:1\",\"probes\":{\"stop\":\"WHEN_TOLD\"}}");
        JsonNode observing = api.awaitJobField(id, "/observation/endpoints/0", Duration.ofSeconds(20));
        assertThat(observing.at("/observation/endpoints/0/containerPort").asInt()).isEqualTo(5000);
        assertThat(observing.at("/observation/endpoints/0/url").asString()).isEqualTo("http://127.0.0.1:41234");

        ApiClient.Response told = api.post("/api/v1/jobs/" + id + "/end-observation", null);

        assertThat(told.status()).isEqualTo(202);
        assertThat(told.json().path("observationEndRequested").asBoolean()).isTrue();
        JsonNode done = await(id, "SUCCEEDED");
        assertThat(done.has("observation")).as("endpoints are shown while observing only").isFalse();
        assertThat(done.at("/result/traffic/recorded").asInt()).isEqualTo(3);
        assertThat(done.at("/result/traffic/equal").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/jobs/" + id + "/logs").body()).contains("told to stop observing");
        api.post("/api/v1/jobs/" + id + "/end-observation", null).problem(409);
    }

    @Test
    void refusesToCancelAFinishedJob() {
        String id = submit("{\"image\":\"fake/ok:done\"}");
        await(id, "SUCCEEDED");

        api.post("/api/v1/jobs/" + id + "/cancel", null).problem(409);
    }

    @Test
    void deletesAFinishedJobWithItsLogAndArtifactsButNotARunningOne() {
        String running = submit("{\"image\":\"fake/block:delete\"}");
        await(running, "RUNNING");
        String done = submit("{\"image\":\"fake/ok:delete\"}");
        await(done, "SUCCEEDED");
        assertThat(api.get("/api/v1/jobs/" + done + "/artifacts/seccomp.json").status()).isEqualTo(200);

        api.delete("/api/v1/jobs/" + running).problem(409);
        ApiClient.Response deleted = api.delete("/api/v1/jobs/" + done);

        assertThat(deleted.status()).isEqualTo(204);
        api.get("/api/v1/jobs/" + done).problem(404);
        api.get("/api/v1/jobs/" + done + "/logs").problem(404);
        api.get("/api/v1/jobs/" + done + "/artifacts").problem(404);
        api.get("/api/v1/jobs/" + done + "/artifacts/seccomp.json").problem(404);
        api.delete("/api/v1/jobs/" + done).problem(404);
        api.post("/api/v1/jobs/" + running + "/cancel", null);
        await(running, "CANCELED");
    }

    @Test
    void followsALogUntilTheJobEnds() throws IOException {
        String id = submit("{\"image\":\"fake/slow:1\"}");
        await(id, "RUNNING");

        HttpResponse<InputStream> response = api.stream("/api/v1/jobs/" + id + "/logs?follow=true");
        List<String> lines = new ArrayList<>();
        String statusAtFirstAppLine = null;
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (statusAtFirstAppLine == null && line.endsWith("app says line 0")) {
                    statusAtFirstAppLine = api.get("/api/v1/jobs/" + id).json().path("status").asString();
                }
                lines.add(line);
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(statusAtFirstAppLine).as("lines arrive while the job runs").isEqualTo("RUNNING");
        assertThat(api.get("/api/v1/jobs/" + id).json().path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("== PROBE (30%)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("app says line 19"));
        assertThat(lines.get(lines.size() - 1)).contains("Succeeded: slimline-test/api-" + id + ":slim");
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z .*");
    }

    @Test
    void listsAndServesTheArtifacts() {
        String id = submit("{\"image\":\"fake/ok:artifacts\"}");
        await(id, "SUCCEEDED");

        JsonNode list = api.get("/api/v1/jobs/" + id + "/artifacts").json().path("artifacts");
        ApiClient.Response seccomp = api.get("/api/v1/jobs/" + id + "/artifacts/seccomp.json");
        ApiClient.Response profile = api.get("/api/v1/jobs/" + id + "/artifacts/apparmor.profile");
        ApiClient.Response logs = api.get("/api/v1/jobs/" + id + "/artifacts/logs.txt");

        List<String> names = new ArrayList<>();
        list.forEach(a -> names.add(a.path("name").asString()));
        assertThat(names).contains("seccomp.json", "apparmor.profile", "report.json", "Dockerfile", "logs.txt");
        JsonNode listed = list.get(names.indexOf("seccomp.json"));
        assertThat(listed.path("sizeBytes").asLong()).isEqualTo(34);
        assertThat(listed.path("mediaType").asString()).isEqualTo("application/json");
        assertThat(listed.path("href").asString()).isEqualTo("/api/v1/jobs/" + id + "/artifacts/seccomp.json");
        assertThat(seccomp.status()).isEqualTo(200);
        assertThat(seccomp.contentType()).startsWith("application/json");
        assertThat(seccomp.header("Content-Disposition")).contains("attachment").contains("seccomp.json");
        assertThat(seccomp.json().path("defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(seccomp.header("Content-Length")).isEqualTo("34");
        assertThat(listed.path("digest").asString()).isEqualTo("sha256:" + sha256(seccomp.body()));
        assertThat(seccomp.header("ETag")).isEqualTo("\"" + listed.path("digest").asString() + "\"");
        assertThat(profile.contentType()).startsWith("text/plain");
        assertThat(logs.body()).contains("Succeeded: ");
        api.get("/api/v1/jobs/" + id + "/artifacts/nothing.json").problem(404);
        api.get("/api/v1/jobs/" + id + "/artifacts/image.tar").problem(404);
        api.unchecked("GET", "/api/v1/jobs/" + id + "/artifacts/..%2F..%2Fdb", null, Map.of()).problem(400);
        api.get("/api/v1/jobs/" + id + "/artifacts/..db").problem(404);
    }

    @Test
    @RequiresDocker
    void streamsTheSlimImageAsADockerSaveTarAndDeletesItOnRequest(DockerApi docker) throws IOException {
        String id = submit("{\"image\":\"fake/image:1\"}");
        JsonNode job = await(id, "SUCCEEDED");
        String slimImage = job.path("result").path("slimImage").asString();
        try {
            List<String> names = new ArrayList<>();
            api.get("/api/v1/jobs/" + id + "/artifacts").json().path("artifacts")
                    .forEach(a -> names.add(a.path("name").asString()));
            assertThat(names).contains("image.tar");

            HttpResponse<InputStream> response = api.stream("/api/v1/jobs/" + id + "/artifacts/image.tar");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-tar");
            Path tarFile = Files.createTempFile("slimline-image", ".tar");
            try {
                try (InputStream body = response.body()) {
                    Files.copy(body, tarFile, StandardCopyOption.REPLACE_EXISTING);
                }
                List<String> entries = new ArrayList<>();
                String manifest = null;
                try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarFile))) {
                    TarArchiveEntry entry;
                    while ((entry = tar.getNextEntry()) != null) {
                        entries.add(entry.getName());
                        if (entry.getName().equals("manifest.json")) {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            tar.transferTo(out);
                            manifest = out.toString(StandardCharsets.UTF_8);
                        }
                    }
                }
                assertThat(entries).contains("manifest.json");
                assertThat(manifest).contains(slimImage);

                docker.image().remove(slimImage, true);
                try (InputStream in = Files.newInputStream(tarFile)) {
                    docker.image().load(in);
                }
                assertThat(docker.image().inspect(slimImage)).as("docker load of image.tar").isPresent();
            } finally {
                Files.deleteIfExists(tarFile);
            }

            assertThat(api.delete("/api/v1/jobs/" + id + "?deleteImage=true").status()).isEqualTo(204);
            assertThat(docker.image().inspect(slimImage)).isEmpty();
        } finally {
            docker.image().remove(slimImage, true);
        }
    }

    @Test
    void answersUnknownJobsPathsAndMethodsWithProblems() {
        api.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000").problem(404);
        api.post("/api/v1/jobs/00000000-0000-0000-0000-000000000000/cancel", null).problem(404);
        api.unchecked("GET", "/api/v1/nothing-here", null, Map.of()).problem(404);
        api.unchecked("GET", "/nothing-here", null, Map.of()).problem(404);
        ApiClient.Response put = api.unchecked("PUT", "/api/v1/jobs/x", "{}", Map.of("Content-Type", "application/json"));
        put.problem(405);
        assertThat(put.header("Allow")).contains("GET").contains("DELETE");
        api.invalid("POST", "/api/v1/jobs", "image=app", Map.of("Content-Type", "text/plain")).problem(415);
        api.invalid("POST", "/api/v1/jobs", "{\"image\":\"app\"}", Map.of()).problem(415);
        api.invalid("GET", "/api/v1/jobs/x", null, Map.of("Accept", "application/xml")).problem(406);
        api.invalid("GET", "/api/v1/jobs/x/logs", null, Map.of("Accept", "application/json")).problem(406);
    }

    @Test
    void reportsHealthWithTheDatabaseAndJobMetrics() {
        String id = submit("{\"image\":\"fake/ok:metrics\"}");
        await(id, "SUCCEEDED");

        JsonNode health = api.unchecked("GET", "/actuator/health", null, Map.of()).json();
        String metrics = api.unchecked("GET", "/actuator/prometheus", null, Map.of()).body();

        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(metrics).contains("slimline_jobs{status=\"SUCCEEDED\"}");
        assertThat(metrics).contains("slimline_jobs_submitted_total");
        assertThat(metrics).contains("slimline_jobs_finished_total{status=\"SUCCEEDED\"}");
    }

    private String awaitContainer(String id) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (slimmer.containerOf(id) == null) {
            assertThat(Instant.now()).isBefore(deadline);
            sleep(50);
        }
        return slimmer.containerOf(id);
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until a job is in {@code phase}: a job is RUNNING a moment before its pipeline starts its first phase. */
    private void awaitPhase(String id, String phase) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!api.get("/api/v1/jobs/" + id).json().path("phase").asString().equals(phase)) {
            assertThat(Instant.now()).as("job %s reaching phase %s", id, phase).isBefore(deadline);
            sleep(50);
        }
    }
}
