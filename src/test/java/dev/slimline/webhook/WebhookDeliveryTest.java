package dev.slimline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.slimline.api.ApiClient;
import dev.slimline.job.FakeSlimmerConfiguration;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deliveries on the embedded H2 database: a job that runs and fails tells a receiver on 127.0.0.1
 * both events it asked for (queued in order; each body is the job as it was when the change was
 * seen); a receiver answering 400 is not tried again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimline.executor.poll-interval=100ms",
        "slimline.webhooks.allow-private=true",
        "slimline.webhooks.poll-interval=100ms",
        "slimline.webhooks.initial-backoff=200ms"})
@Import(FakeSlimmerConfiguration.class)
class WebhookDeliveryTest {

    private static final Path DATA = Path.of("target", "test-data", "webhook-h2-" + UUID.randomUUID())
            .toAbsolutePath();
    private static final String SECRET = "the-signing-secret-of-this-test";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("slimline.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    private HttpServer receiver;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok", exchange -> {
            JsonNode job = JsonMapper.builder().build().readTree(exchange.getRequestBody().readAllBytes());
            events.add(exchange.getRequestHeaders().getFirst("webhook-id") + " " + job.path("status").asString());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/bad", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private static String deliveryOf(JsonNode deliveries, String event) {
        for (JsonNode delivery : deliveries) {
            if (delivery.path("event").asString().equals(event)) {
                return delivery.path("id").asString();
            }
        }
        throw new AssertionError("no " + event + " delivery in " + deliveries);
    }

    @Test
    void aJobThatRanAndFailedIsToldOfBothEvents() throws Exception {
        ApiClient api = new ApiClient(port);
        String id = submit(api, "/ok", "fake/fail:1");
        JsonNode deliveries = await(api, id, 2);
        // the deliveries of one job may be queued and sent side by side: both arrive, in any order
        assertThat(deliveries).extracting(d -> d.path("event").asString())
                .containsExactlyInAnyOrder("RUNNING", "FAILED");
        assertThat(deliveries).allSatisfy(d -> assertThat(d.path("status").asString()).isEqualTo("DELIVERED"));
        String running = deliveryOf(deliveries, "RUNNING");
        String failed = deliveryOf(deliveries, "FAILED");
        assertThat(events).hasSize(2).anySatisfy(e -> assertThat(e).startsWith(running + " "))
                .contains(failed + " FAILED");

        // the console's job page lists them too
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/fragments/jobs/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode delivery : deliveries) {
            assertThat(page).contains("data-delivery=\"" + delivery.path("id").asString() + "\"");
        }
        assertThat(page).contains("DELIVERED", "204 delivered");
    }

    @Test
    void aReceiverThatRefusesWithA4xxIsNotTriedAgain() throws Exception {
        ApiClient api = new ApiClient(port);
        String id = submit(api, "/bad", "fake/app:1");
        JsonNode delivery = await(api, id, 1).get(0);
        Instant deadline = Instant.now().plusSeconds(120);
        while (!delivery.path("status").asString().equals("FAILED")) {
            assertThat(Instant.now()).as("delivery given up: %s", delivery).isBefore(deadline);
            Thread.sleep(100);
            delivery = api.get("/api/v1/jobs/" + id).json().path("notify").path("deliveries").get(0);
        }
        assertThat(delivery.path("attempts")).hasSize(1);
        assertThat(delivery.path("attempts").get(0).path("statusCode").asInt()).isEqualTo(400);
        assertThat(delivery.has("nextAttemptAt")).isFalse();
    }

    private String submit(ApiClient api, String path, String image) {
        ApiClient.Response submitted = api.post("/api/v1/jobs", "{\"image\":\"" + image + "\",\"notify\":{\"url\":"
                + "\"http://127.0.0.1:" + receiver.getAddress().getPort() + path + "\",\"secret\":\"" + SECRET
                + "\",\"events\":[\"RUNNING\",\"SUCCEEDED\",\"FAILED\"]}}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        return submitted.json().path("id").asString();
    }

    private static JsonNode await(ApiClient api, String id, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode deliveries = api.get("/api/v1/jobs/" + id).json().path("notify").path("deliveries");
        while (deliveries.size() < count || !deliveries.get(count - 1).path("attempts").isArray()
                || deliveries.get(count - 1).path("attempts").isEmpty()) {
            assertThat(Instant.now()).as("%d deliveries attempted: %s", count, deliveries).isBefore(deadline);
            Thread.sleep(100);
            deliveries = api.get("/api/v1/jobs/" + id).json().path("notify").path("deliveries");
        }
        return deliveries;
    }
}
