package dev.slimline.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prober against a local server: deadlines cover the whole exchange, bodies are capped, addresses named. */
class HttpProberTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> log = new ArrayList<>();
    private HttpServer server;
    private ProbeTarget target;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hello", exchange -> {
            byte[] body = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 100);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100 && !release.await(300, TimeUnit.MILLISECONDS); i++) {
                    out.write('x');
                    out.flush();
                }
            } catch (InterruptedException | IOException e) {
                // the client went away: that is the point
            }
        });
        server.createContext("/large", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[64 * 1024]);
            } catch (IOException e) {
                // the client stopped reading at its cap
            }
        });
        server.start();
        target = new ProbeTarget(8080, "127.0.0.1", server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /** {@code deadline} short only where the deadline is the point: a loaded machine is slow to answer. */
    private ProbeResult probe(String path, long maxBody, Duration deadline) {
        ProbeTiming timing = new ProbeTiming(Duration.ofSeconds(30), deadline, 0);
        return new HttpProber(maxBody).run(List.of(target), false, List.of(new HttpProbe("GET", path, 8080,
                Map.of(), null, null)), timing, () -> null, log::add).get(0);
    }

    @Test
    void aWholeAnswerIsKeptWithItsTypeAndNamesTheAddressProbed() {
        ProbeResult result = probe("/hello", 1 << 20, Duration.ofSeconds(30));

        assertThat(result.complete()).isTrue();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.contentType()).isEqualTo("application/json");
        assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("{\"hello\":1}");
        assertThat(result.bodySha256()).isEqualTo("0ea09e73d0357bb61ddf17c9e622566c90016909939ebeb446d21c558c9d2c0a"); // sha256sum of the body
        assertThat(result.request()).isEqualTo("GET http://127.0.0.1:" + target.hostPort() + "/hello");
        assertThat(log).anySatisfy(line -> assertThat(line).contains("GET http://127.0.0.1:" + target.hostPort()
                + "/hello (container port 8080) -> 200"));
    }

    @Test
    void anAnswerThatTricklesEndsAtTheDeadlineOfTheWholeExchange() {
        ProbeResult result = probe("/trickle", 1 << 20, Duration.ofSeconds(1));

        assertThat(result.complete()).isFalse();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.error()).startsWith("the answer did not end within 1 s");
        assertThat(result.bodySha256()).isNull();
    }

    @Test
    void anAnswerLargerThanTheCapFailsTheProbe() {
        ProbeResult result = probe("/large", 16 * 1024, Duration.ofSeconds(30));

        assertThat(result.complete()).isFalse();
        assertThat(result.error()).isEqualTo("the answer was larger than 16 KiB (slimline.pipeline.max-probe-body-size)");
    }
}
