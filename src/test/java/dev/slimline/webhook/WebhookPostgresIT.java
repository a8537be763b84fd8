package dev.slimline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.slimline.api.ApiClient;
import dev.slimline.job.PostgresSchema;
import dev.slimline.job.ServiceInstance;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks end to end on PostgreSQL with two instances sharing the database: a receiver on
 * 127.0.0.1 checks the Standard Webhooks signature of every request and answers 500 to the first;
 * the retry arrives with the same webhook-id and succeeds; each event is delivered by one instance
 * once; the job shows every attempt; the sealed secret is erased once nothing is left to send.
 */
class WebhookPostgresIT {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a 32-byte signing key for tests!".getBytes(StandardCharsets.UTF_8));
    private static final String SECRETS_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    /** One request the receiver got, and whether its signature was right. */
    private record Received(String id, String timestamp, boolean signatureValid, JsonNode body, int answered) {
    }

    @Test
    void theFirstDeliveryFailsItsRetrySucceedsAndTheJobShowsBothAttempts() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = validSignature(id, timestamp, body, signature);
            int answer = !valid ? 401 : requests.incrementAndGet() == 1 ? 500 : 204;
            received.add(new Received(id, timestamp, valid, JsonMapper.builder().build().readTree(body), answer));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.start();
        Path data = Path.of("target", "test-data", "webhooks-pg-" + UUID.randomUUID()).toAbsolutePath();
        try (PostgresSchema schema = PostgresSchema.create();
                ServiceInstance a = ServiceInstance.start(properties(schema, data, "a"));
                ServiceInstance b = ServiceInstance.start(properties(schema, data, "b"))) {
            ApiClient api = new ApiClient(a.port());
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            ApiClient.Response submitted = api.post("/api/v1/jobs", "{\"image\":\"fake/ok:hook\",\"notify\":{\"url\":\""
                    + url + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"SUCCEEDED\"]}}");
            assertThat(submitted.status()).isEqualTo(202);
            assertThat(submitted.body()).doesNotContain(SECRET);
            String id = submitted.json().path("id").asString();

            JsonNode job = awaitDelivered(new ApiClient(b.port()), id, Duration.ofSeconds(60));
            JsonNode notify = job.path("notify");
            assertThat(notify.path("url").asString()).isEqualTo(url);
            assertThat(notify.toString()).doesNotContain(SECRET);
            assertThat(notify.path("deliveries")).hasSize(1);
            JsonNode delivery = notify.path("deliveries").get(0);
            assertThat(delivery.path("event").asString()).isEqualTo("SUCCEEDED");
            JsonNode attempts = delivery.path("attempts");
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0).path("statusCode").asInt()).isEqualTo(500);
            assertThat(attempts.get(0).path("error").asString()).contains("500");
            assertThat(attempts.get(1).path("statusCode").asInt()).isEqualTo(204);
            assertThat(attempts.get(1).has("error")).isFalse();

            assertThat(received).hasSize(2).allSatisfy(r -> {
                assertThat(r.signatureValid()).as("signature of %s", r.id()).isTrue();
                assertThat(r.id()).isEqualTo(delivery.path("id").asString());
                assertThat(r.body().path("id").asString()).isEqualTo(id);
                assertThat(r.body().path("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(Math.abs(Long.parseLong(r.timestamp()) - Instant.now().getEpochSecond())).isLessThan(300);
            });
            assertThat(received.get(0).answered()).isEqualTo(500);
            assertThat(received.get(1).answered()).isEqualTo(204);

            try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT url, secret FROM job_webhooks")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("secret")).as("erased once nothing is left to sign").isEmpty();
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static JsonNode awaitDelivered(ApiClient api, String id, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = api.get("/api/v1/jobs/" + id).json();
        while (!job.path("notify").path("deliveries").path(0).path("status").asString().equals("DELIVERED")) {
            assertThat(Instant.now()).as("the webhook delivered; the job is %s", job).isBefore(deadline);
            Thread.sleep(100);
            job = api.get("/api/v1/jobs/" + id).json();
        }
        return job;
    }

    /** The Standard Webhooks check, written out here rather than taken from the code under test. */
    private static boolean validSignature(String id, String timestamp, byte[] body, String header) {
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String candidate : header.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> properties(PostgresSchema schema, Path data, String name) {
        Map<String, Object> properties = new HashMap<>(schema.springProperties());
        properties.put("slimline.data-dir", data.resolve(name).toString());
        properties.put("slimline.secrets.key", SECRETS_KEY);
        properties.put("slimline.executor.instance-id", "webhooks-" + name);
        properties.put("slimline.webhooks.allow-private", "true");
        properties.put("slimline.webhooks.poll-interval", "100ms");
        properties.put("slimline.webhooks.initial-backoff", "500ms");
        return properties;
    }
}
