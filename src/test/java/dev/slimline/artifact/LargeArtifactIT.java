package dev.slimline.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.api.ApiClient;
import dev.slimline.job.PostgresSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB artifact streams into the database and back out over HTTP, twice at once, in a service
 * process whose heap is capped at 256 MB (and which exits on running out of it): on PostgreSQL and
 * on the embedded database. The download is checked byte for byte against the pattern written.
 */
class LargeArtifactIT {

    private static final long SIZE = 50L * 1024 * 1024;
    private static final Duration WAIT = Duration.ofMinutes(10);

    @Test
    void fiftyMegabytesStreamThroughPostgresqlWithinA256MegabyteHeap() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create()) {
            List<String> args = new ArrayList<>();
            schema.springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
            streamsThrough(args, "pg");
        }
    }

    @Test
    void fiftyMegabytesStreamThroughTheEmbeddedDatabaseWithinA256MegabyteHeap() throws Exception {
        Path data = Path.of("target", "test-data", "large-artifact-" + UUID.randomUUID()).toAbsolutePath();
        streamsThrough(List.of("--slimline.data-dir=" + data), "h2");
    }

    private void streamsThrough(List<String> settings, String run) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "test-data")).resolve("large-artifact-" + run + "-"
                + UUID.randomUUID() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                LargeArtifactProcess.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
                "--slimline.executor.concurrency=0", "--spring.main.banner-mode=off"));
        command.addAll(settings);
        Process service = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> marks = watch(service, log);
        try {
            int port = Integer.parseInt(await(marks, "ready ", service, log));
            ApiClient api = new ApiClient(port);
            String job = api.post("/api/v1/jobs", "{\"image\":\"slimline-test/large:1\"}").json().path("id").asString();

            try (PrintWriter commands = new PrintWriter(service.getOutputStream(), true, StandardCharsets.UTF_8)) {
                commands.println("write " + job + " big.tar " + SIZE);
                String[] written = await(marks, "written ", service, log).split(" ");
                String expected = "sha256:" + sha256(new PatternStream(SIZE));
                assertThat(written[0]).isEqualTo(expected);
                assertThat(Long.parseLong(written[1])).isEqualTo(SIZE);

                String url = "http://127.0.0.1:" + port + "/api/v1/jobs/" + job + "/artifacts/big.tar";
                CompletableFuture<Download> first = CompletableFuture.supplyAsync(() -> download(url));
                CompletableFuture<Download> second = CompletableFuture.supplyAsync(() -> download(url));
                for (Download download : List.of(first.get(10, TimeUnit.MINUTES), second.get(10, TimeUnit.MINUTES))) {
                    assertThat(download.status()).isEqualTo(200);
                    assertThat(download.contentLength()).isEqualTo(String.valueOf(SIZE));
                    assertThat(download.etag()).isEqualTo("\"" + expected + "\"");
                    assertThat(download.bytes()).isEqualTo(SIZE);
                    assertThat(download.digest()).isEqualTo(expected);
                }
                assertThat(service.isAlive()).as("the service survived with its small heap; see %s", log).isTrue();
            }
        } finally {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Download(int status, String contentLength, String etag, long bytes, String digest) {
    }

    private static Download download(String url) {
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long bytes;
            try (InputStream body = new DigestInputStream(response.body(), sha256)) {
                bytes = body.transferTo(OutputStream.nullOutputStream());
            }
            return new Download(response.statusCode(), response.headers().firstValue("Content-Length").orElse(null),
                    response.headers().firstValue("ETag").orElse(null), bytes,
                    "sha256:" + HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException | InterruptedException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("download " + url, e);
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream digesting = new DigestInputStream(in, sha256)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Copies the process's output to {@code log} and hands on the lines it marked for the test. */
    private static BlockingQueue<String> watch(Process service, Path log) {
        BlockingQueue<String> marks = new LinkedBlockingQueue<>();
        Thread copier = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(),
                    StandardCharsets.UTF_8)); var file = Files.newBufferedWriter(log)) {
                String line;
                while ((line = out.readLine()) != null) {
                    file.write(line);
                    file.newLine();
                    file.flush();
                    if (line.startsWith(LargeArtifactProcess.MARK)) {
                        marks.add(line.substring(LargeArtifactProcess.MARK.length()));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "large-artifact-output");
        copier.setDaemon(true);
        copier.start();
        return marks;
    }

    private static String await(BlockingQueue<String> marks, String prefix, Process service, Path log)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String mark = marks.poll(500, TimeUnit.MILLISECONDS);
            if (mark != null && mark.startsWith(prefix)) {
                return mark.substring(prefix.length());
            }
            assertThat(service.isAlive()).as("the service process runs; see %s", log).isTrue();
        }
        throw new AssertionError("no '" + prefix + "' from the service within " + WAIT + "; see " + log);
    }
}
