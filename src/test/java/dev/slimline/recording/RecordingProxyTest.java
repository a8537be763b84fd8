package dev.slimline.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recording proxy in front of a local server: relays unchanged, records what a replay needs, blanks secrets. */
class RecordingProxyTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer upstream;
    private RecordingProxy proxy;
    private Recording recording;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(Executors.newFixedThreadPool(4));
        upstream.createContext("/json", exchange -> {
            byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(201, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("got: ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write(body);
            }
        });
        upstream.start();
        recording = new Recording(3);
        proxy = new RecordingProxy(5000, "127.0.0.1", "127.0.0.1", upstream.getAddress().getPort(), recording,
                RecordingProxy.Limits.DEFAULT);
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.port() + path);
    }

    @Test
    void relaysAnswersUnchangedAndRecordsEachExchangeOnAKeptAliveConnection() throws Exception {
        HttpResponse<String> first = send(HttpRequest.newBuilder(uri("/json?x=1")).header("Authorization", "Bearer s3cret")
                .header("Cookie", "session=abc").header("X-Trace", "t1"));
        HttpResponse<String> second = send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"n\":1}");
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo("got: hello");
        proxy.close();
        List<RecordedExchange> exchanges = recording.exchanges();
        assertThat(exchanges).hasSize(2);
        RecordedExchange json = exchanges.get(0);
        assertThat(json.containerPort()).isEqualTo(5000);
        assertThat(json.method()).isEqualTo("GET");
        assertThat(json.path()).isEqualTo("/json?x=1");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).isEqualTo("application/json");
        assertThat(json.sha256()).isEqualTo("2bfd14f43d17fc7cea24e0917a8879b4b2f880b8baeec1b9d90fbaad655e71bd"); // sha256sum of the body
        assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(json.headers()).contains(new RecordedExchange.Header("Authorization", ""),
                new RecordedExchange.Header("Cookie", ""), new RecordedExchange.Header("X-Trace", "t1"));
        assertThat(json.replayHeaders()).contains(new RecordedExchange.Header("Authorization", "Bearer s3cret"));
        RecordedExchange echo = exchanges.get(1);
        assertThat(echo.method()).isEqualTo("POST");
        assertThat(new String(echo.requestBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(new String(echo.body(), StandardCharsets.UTF_8)).as("de-chunked").isEqualTo("got: hello");
        assertThat(echo.bodyBytes()).isEqualTo(10);
    }

    @Test
    void recordsNoMoreThanItsMaximumButStillRelays() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send(HttpRequest.newBuilder(uri("/json"))).body()).isEqualTo("{\"n\":1}");
        }
        proxy.close();

        assertThat(recording.exchanges()).hasSize(3);
        assertThat(recording.notRecorded()).isEqualTo(2);
    }

    @Test
    void passesOtherProtocolsThroughUnrecorded() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket socket = echo.accept()) {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[5];
                    int n = in.readNBytes(buffer, 0, 5);
                    socket.getOutputStream().write(buffer, 0, n);
                } catch (IOException e) {
                    // the test fails on the client side
                }
            });
            server.start();
            try (RecordingProxy raw = new RecordingProxy(6379, "127.0.0.1", "127.0.0.1", echo.getLocalPort(), recording,
                    RecordingProxy.Limits.DEFAULT); Socket socket = new Socket("127.0.0.1", raw.port())) {
                socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
                byte[] back = socket.getInputStream().readNBytes(5);

                assertThat(back).containsExactly(0x16, 0x03, 0x01, 0x02, 0x00);
            }
            server.join();
            proxy.close();
        }
        assertThat(recording.exchanges()).isEmpty();
        assertThat(recording.passedThrough()).isEqualTo(1);
    }
}
