package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of the service process (the packaged jar, embedded H2 database) while a node-app job is
 * RUNNING, then a restart under the same instance id: the job ends in a definite state with a
 * reason, and no container and no export spool of the job remains. The spool has no name while
 * the job runs, so the kill itself frees it; a named one (left by a kill between its creation and
 * its unlinking) is swept at the restart.
 */
@RequiresDocker
class KillRecoveryIT {

    private static final String INSTANCE = "kill-recovery-it";

    @Test
    void aJobInterruptedByKillMinusNineIsSettledOnRestart(DockerApi docker) throws Exception {
        Path data = Path.of("target", "test-data", "kill-" + UUID.randomUUID()).toAbsolutePath();
        int port = freePort();
        String id = null;
        Process service = start(data, port, "first");
        try {
            ApiClient api = new ApiClient(port);
            awaitUp(api, service);
            // WHEN_TOLD keeps the instrumented application running until we kill the service
            id = api.post("/api/v1/jobs", "{\"image\":\"" + TestImages.nodeApp() + "\",\"pull\":\"NEVER\","
                    + "\"probes\":{\"stop\":\"WHEN_TOLD\"}}").json().path("id").asString();
            String job = id;
            await(() -> docker.container().listByLabel(SlimlineLabels.JOB, job).stream().anyMatch(c -> c.running())
                    && "RUNNING".equals(api.get("/api/v1/jobs/" + job).json().path("status").asString()),
                    "the job RUNNING with its container up", Duration.ofMinutes(5));

            long pid = service.pid();
            await(() -> !unlinkedSpoolsOf(pid, data, job).isEmpty(), "the job's export spool, open and unlinked",
                    Duration.ofMinutes(2));
            assertThat(spoolsOf(data, job)).as("a spool has no name while it is used").isEmpty();
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(docker.container().listByLabel(SlimlineLabels.JOB, id)).as("orphaned by the kill").isNotEmpty();
            assertThat(spoolsOf(data, id)).as("nothing of the spool is left by the kill").isEmpty();
            Path named = Files.createTempFile(data.resolve("spool"), "slimline-export-" + id + "-", ".tar");
            // a job of another service sharing the directory, which this one's database does not know
            String foreign = UUID.randomUUID().toString();
            Files.createTempFile(data.resolve("spool"), "slimline-export-" + foreign + "-", ".tar");

            service = start(data, port, "second");
            awaitUp(api, service);
            JsonNode settled = api.get("/api/v1/jobs/" + id).json();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!settled.path("status").asString().equals("FAILED")) {
                assertThat(Instant.now()).as("job settled: %s", settled).isBefore(deadline);
                Thread.sleep(200);
                settled = api.get("/api/v1/jobs/" + id).json();
            }
            assertThat(settled.path("error").path("reason").asString()).startsWith("interrupted: ")
                    .contains("before it restarted");
            await(() -> docker.container().listByLabel(SlimlineLabels.JOB, job).isEmpty(), "no container of the job",
                    Duration.ofSeconds(60));
            assertThat(api.get("/api/v1/jobs/" + id + "/logs").body()).contains("interrupted: ");
            await(() -> !Files.exists(named), "a named spool of the killed job deleted", Duration.ofSeconds(60));
            assertThat(spoolsOf(data, foreign)).as("another database's job's spool is left alone").hasSize(1);
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (id != null) {
                docker.container().listByLabel(SlimlineLabels.JOB, id).forEach(c -> docker.container().remove(c.id()));
            }
        }
    }

    /** The packaged service, as an operator runs it, with one attempt per job so the interrupted one fails. */
    private static Process start(Path data, int port, String run) throws IOException {
        File jar = packagedJar();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.getAbsolutePath(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--slimline.data-dir=" + data, "--slimline.executor.instance-id=" + INSTANCE,
                "--slimline.executor.max-attempts=1", "--slimline.pipeline.spool-dir=" + data.resolve("spool")));
        Files.createDirectories(data);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("service-" + run + ".log").toFile()).start();
    }

    private static List<Path> spoolsOf(Path data, String job) {
        try (Stream<Path> files = Files.list(data.resolve("spool"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("slimline-export-" + job + "-")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spool files of {@code job} that process {@code pid} holds open after unlinking them, as lsof +L1 shows. */
    private static List<String> unlinkedSpoolsOf(long pid, Path data, String job) {
        String prefix = data.resolve("spool").resolve("slimline-export-" + job + "-").toString();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return descriptors.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed meanwhile
                }
            }).filter(target -> target.startsWith(prefix) && target.endsWith(".tar (deleted)")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File packagedJar() {
        File[] jars = new File("target").listFiles((dir, name) -> name.startsWith("slimline-") && name.endsWith(".jar")
                && !name.endsWith("-sources.jar") && !name.endsWith(".original"));
        assertThat(jars).as("the packaged service jar in target/ (mvn verify packages it before the ITs)").isNotEmpty();
        return jars[0];
    }

    private static void awaitUp(ApiClient api, Process service) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            assertThat(service.isAlive()).as("the service process is running").isTrue();
            try {
                if (api.get("/api/v1/jobs?size=1").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // connection refused while it starts
            }
            assertThat(Instant.now()).as("service up in time").isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
