package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import dev.slimline.testsupport.TlsDaemon;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Stateless replicas: two service processes (the packaged jar), each in its own empty working
 * directory with no data directory, share one PostgreSQL schema and two daemons of capacity 2 (the
 * local engine and the TLS daemon). Tiny-app jobs go alternately to both. A sampler lists the
 * daemons' job containers all along: no daemon ever has containers of more than 2 jobs at once,
 * and no job has containers on both daemons at once.
 */
@RequiresDocker
class ReplicasIT {

    private static final int CAPACITY = 2;
    private static final Duration JOB_WAIT = Duration.ofMinutes(15);

    private final List<Process> replicas = new ArrayList<>();
    private final Set<String> ourJobs = ConcurrentHashMap.newKeySet();
    private final Set<String> slimImages = ConcurrentHashMap.newKeySet();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final Map<String, Integer> mostJobsSeen = new ConcurrentHashMap<>();
    private PostgresSchema schema;
    private Path runDir;
    private DockerApi local;
    private DockerApi tls;
    private String image;
    private String slimTag;
    private volatile boolean sampling;
    private Thread sampler;

    @BeforeEach
    void setUp(DockerApi docker) throws IOException {
        local = docker;
        tls = TlsDaemon.api();
        image = TlsDaemon.ensureImage(TestImages.tinyApp());
        schema = PostgresSchema.create();
        String run = UUID.randomUUID().toString().substring(0, 8);
        runDir = Files.createDirectories(Path.of("target", "test-data", "replicas-" + run).toAbsolutePath());
        slimTag = "slimline-test/replicas-it:" + run;
        sampling = true;
        sampler = new Thread(this::sample, "replicas-it-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        sampling = false;
        sampler.join(10_000);
        for (Process replica : replicas) {
            replica.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (DockerApi daemon : List.of(local, tls)) {
            for (ContainerState container : daemon.container().listByLabel(SlimlineLabels.JOB, null)) {
                if (ourJobs.contains(container.labels().get(SlimlineLabels.JOB))) {
                    daemon.container().remove(container.id());
                }
            }
            for (String job : ourJobs) {
                daemon.image().listByLabel(SlimlineLabels.SOURCE_JOB, job)
                        .forEach(i -> daemon.image().remove(i.id(), true));
            }
            for (String slimImage : slimImages) {
                daemon.image().remove(slimImage, true);
            }
            daemon.image().remove(slimTag, true);
        }
        schema.close();
    }

    @Test
    void fortyJobsOnTwoReplicasRunOnceEachWithinEveryDaemonsCapacityAndServeEveryArtifactFromBoth()
            throws Exception {
        Replica a = start("replica-a");
        Replica b = start("replica-b");

        List<String> ids = submit(List.of(a, b), 40);
        Map<String, JsonNode> finished = awaitAll(a.api(), ids);

        for (String id : ids) {
            JsonNode job = finished.get(id);
            assertThat(job.path("status").asString()).as("job %s: %s", id, a.api().get("/api/v1/jobs/" + id
                    + "/logs").body()).isEqualTo("SUCCEEDED");
            assertThat(job.path("attempts").asInt()).as("runs of job %s", id).isOne();
            assertThat(startedLines(a.api(), id)).as("runs of job %s in its log", id).isOne();
            artifactsServedAlikeByBoth(id, a.api(), b.api());
        }
        Set<String> daemons = new HashSet<>();
        finished.values().forEach(job -> daemons.add(job.path("dockerHost").asString()));
        assertThat(daemons).as("both daemons ran jobs").containsExactlyInAnyOrder("local", "tls");
        assertThat(claimers()).as("both replicas claimed jobs").containsExactlyInAnyOrder("replica-a", "replica-b");
        noneLeft();
        for (Replica replica : List.of(a, b)) {
            assertThat(replica.isAlive()).isTrue();
            try (Stream<Path> files = Files.list(replica.workDir())) {
                assertThat(files).as("what replica %s wrote into its working directory", replica.name()).isEmpty();
            }
        }
    }

    @Test
    void jobsOfAReplicaKilledWhileRunningThemRunAgainOnTheOtherAndSucceed() throws Exception {
        Replica a = start("replica-a");
        Replica b = start("replica-b");

        List<String> ids = submit(List.of(a, b), 8);
        await(() -> !runningOn("replica-a").isEmpty(), "replica-a running a job", Duration.ofMinutes(5));
        Set<String> interrupted = runningOn("replica-a");
        a.kill();

        Map<String, JsonNode> finished = awaitAll(b.api(), ids);
        for (String id : ids) {
            JsonNode job = finished.get(id);
            String log = b.api().get("/api/v1/jobs/" + id + "/logs").body();
            assertThat(job.path("status").asString()).as("job %s: %s", id, log).isEqualTo("SUCCEEDED");
            if (interrupted.contains(id)) {
                assertThat(log).contains("interrupted: the job was running on instance replica-a")
                        .contains("started on instance replica-b");
                assertThat(job.path("attempts").asInt()).isEqualTo(2);
            }
            artifactsServedAlikeByBoth(id, b.api(), b.api());
        }
        noneLeft();
    }

    @Test
    void aReplicaOnPostgresqlWithoutASecretsKeyRefusesToStartAndSaysWhy() throws Exception {
        Path workDir = Files.createDirectories(runDir.resolve("keyless"));
        List<String> command = command(workDir, freePort(), "keyless");
        command.removeIf(arg -> arg.startsWith("--slimline.secrets.key="));
        Path log = runDir.resolve("keyless.log");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        replicas.add(process);

        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the process ends").isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("slimline.secrets.key is not set")
                .contains("openssl rand -base64 32");
    }

    /** Submits {@code count} tiny-app jobs, alternately to each replica. */
    private List<String> submit(List<Replica> to, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ApiClient.Response accepted = to.get(i % to.size()).api().post("/api/v1/jobs", "{\"image\":\"" + image
                    + "\",\"pull\":\"NEVER\",\"targetTag\":\"" + slimTag + "\",\"httpProbes\":[{\"path\":\"/\","
                    + "\"port\":8080,\"expectStatus\":200}]}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String id = accepted.json().path("id").asString();
            ourJobs.add(id);
            ids.add(id);
        }
        return ids;
    }

    private Map<String, JsonNode> awaitAll(ApiClient api, List<String> ids) throws InterruptedException {
        Map<String, JsonNode> finished = new HashMap<>();
        Instant deadline = Instant.now().plus(JOB_WAIT);
        while (finished.size() < ids.size()) {
            for (String id : ids) {
                if (!finished.containsKey(id)) {
                    JsonNode job = api.get("/api/v1/jobs/" + id).json();
                    if (List.of("SUCCEEDED", "FAILED", "CANCELED").contains(job.path("status").asString())) {
                        finished.put(id, job);
                        String slimImage = job.path("result").path("slimImageId").asString(null);
                        if (slimImage != null) {
                            slimImages.add(slimImage);
                        }
                    }
                }
            }
            assertThat(Instant.now()).as("%d of %d jobs ended", finished.size(), ids.size()).isBefore(deadline);
            assertThat(violations).as("capacity and single runs while the jobs ran").isEmpty();
            Thread.sleep(1000);
        }
        return finished;
    }

    /**
     * Every artifact downloads from both replicas with the same bytes: stored ones with their
     * digest as ETag, image.tar as the job's daemon saves it.
     */
    private void artifactsServedAlikeByBoth(String id, ApiClient one, ApiClient other) throws IOException {
        JsonNode list = one.get("/api/v1/jobs/" + id + "/artifacts").json().path("artifacts");
        Set<String> names = new HashSet<>();
        for (JsonNode artifact : list) {
            String name = artifact.path("name").asString();
            names.add(name);
            if (name.equals(JobArtifacts.LOGS)) {
                continue;
            }
            String digest = artifact.path("digest").asString(null);
            Set<String> digests = new HashSet<>();
            for (ApiClient api : List.of(one, other)) {
                HttpResponse<InputStream> download = api.stream("/api/v1/jobs/" + id + "/artifacts/" + name);
                String got = sha256(download.body());
                assertThat(download.statusCode()).as("%s of job %s", name, id).isEqualTo(200);
                if (digest != null) {
                    assertThat(download.headers().firstValue("ETag")).contains("\"" + digest + "\"");
                    assertThat(got).as("%s of job %s", name, id).isEqualTo(digest);
                }
                digests.add(got);
            }
            assertThat(digests).as("%s of job %s from both replicas", name, id).hasSize(1);
        }
        assertThat(names).contains("seccomp.json", "apparmor.profile", "report.json", "Dockerfile", "logs.txt",
                "image.tar");
    }

    /** Containers sampled on both daemons until the test ends; records what breaks the rules. */
    private void sample() {
        while (sampling) {
            Map<String, String> daemonOfJob = new HashMap<>();
            for (Map.Entry<String, DockerApi> daemon : Map.of("local", local, "tls", tls).entrySet()) {
                Set<String> jobs = new HashSet<>();
                try {
                    for (ContainerState container : daemon.getValue().container()
                            .listByLabel(SlimlineLabels.JOB, null)) {
                        String job = container.labels().get(SlimlineLabels.JOB);
                        if (ourJobs.contains(job)) {
                            jobs.add(job);
                        }
                    }
                } catch (RuntimeException e) {
                    continue;
                }
                mostJobsSeen.merge(daemon.getKey(), jobs.size(), Math::max);
                if (jobs.size() > CAPACITY) {
                    violations.add(daemon.getKey() + " had containers of " + jobs.size() + " jobs at once: " + jobs);
                }
                for (String job : jobs) {
                    String other = daemonOfJob.put(job, daemon.getKey());
                    if (other != null) {
                        violations.add("job " + job + " had containers on " + other + " and " + daemon.getKey());
                    }
                }
            }
            samples.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void noneLeft() throws Exception {
        assertThat(violations).isEmpty();
        assertThat(samples.get()).as("container lists sampled").isGreaterThan(10);
        System.out.printf("[replicas-it] %d samples; most jobs with containers at once: %s%n", samples.get(),
                mostJobsSeen);
        await(() -> Stream.of(local, tls).flatMap(d -> d.container().listByLabel(SlimlineLabels.JOB, null).stream())
                .noneMatch(c -> ourJobs.contains(c.labels().get(SlimlineLabels.JOB))), "no container of the jobs left",
                Duration.ofSeconds(60));
        await(() -> count("SELECT COUNT(*) FROM daemon_slots") == 0, "every daemon slot given back",
                Duration.ofSeconds(60));
    }

    private Set<String> runningOn(String instance) {
        return query("SELECT id FROM jobs WHERE status = 'RUNNING' AND claimed_by = '" + instance + "'");
    }

    private Set<String> claimers() {
        return query("SELECT DISTINCT claimed_by FROM jobs");
    }

    private Set<String> query(String sql) {
        Set<String> out = new HashSet<>();
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return out;
    }

    private long count(String sql) {
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static long startedLines(ApiClient api, String id) {
        return api.get("/api/v1/jobs/" + id + "/logs").body().lines().filter(l -> l.contains(" started on instance "))
                .count();
    }

    private Replica start(String name) throws Exception {
        Path workDir = Files.createDirectories(runDir.resolve(name));
        int port = freePort();
        Process process = new ProcessBuilder(command(workDir, port, name)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(runDir.resolve(name + ".log").toFile()).start();
        replicas.add(process);
        Replica replica = new Replica(name, process, new ApiClient(port), workDir);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (true) {
            assertThat(process.isAlive()).as("replica %s runs; see %s", name, runDir.resolve(name + ".log")).isTrue();
            try {
                if (replica.api().get("/api/v1/jobs?size=1").status() == 200) {
                    return replica;
                }
            } catch (RuntimeException notYet) {
                // connection refused while it starts
            }
            assertThat(Instant.now()).as("replica %s up in time", name).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    /** The packaged service as an operator runs it: no data directory, everything shared in PostgreSQL. */
    private List<String> command(Path workDir, int port, String name) {
        String socket = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Djava.io.tmpdir=" + runDir.resolve(name + "-tmp"), "-jar",
                packagedJar().getAbsolutePath(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--slimline.executor.instance-id=" + name, "--slimline.executor.concurrency=4",
                "--slimline.executor.poll-interval=250ms", "--slimline.executor.heartbeat-interval=1s",
                "--slimline.executor.claim-timeout=10s", "--slimline.executor.reap-interval=2s",
                "--slimline.docker.hosts[0].name=local", "--slimline.docker.hosts[0].uri=" + socket,
                "--slimline.docker.hosts[0].capacity=" + CAPACITY,
                "--slimline.docker.hosts[1].name=tls", "--slimline.docker.hosts[1].uri=" + TlsDaemon.uri(),
                "--slimline.docker.hosts[1].tls-cert-path=" + TlsDaemon.clientCertPath(),
                "--slimline.docker.hosts[1].capacity=" + CAPACITY));
        schema.springProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(runDir.resolve(name + "-tmp"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return command;
    }

    private static File packagedJar() {
        File[] jars = new File("target").listFiles((dir, name) -> name.startsWith("slimline-") && name.endsWith(".jar")
                && !name.endsWith("-sources.jar") && !name.endsWith(".original"));
        assertThat(jars).as("the packaged service jar in target/ (mvn verify packages it before the ITs)").isNotEmpty();
        return jars[0];
    }

    private static void await(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private static String sha256(InputStream body) throws IOException {
        try (InputStream in = new DigestInputStream(body, MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Replica(String name, Process process, ApiClient api, Path workDir) {

        boolean isAlive() {
            return process.isAlive();
        }

        /** kill -9: no shutdown hook runs, its jobs stay claimed until their claims expire. */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
