package dev.slimline.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a small site on loopback served by the JDK's HTTP server. */
class CrawlSourceTest {

    private static final Map<String, String> SITE = Map.of(
            "/", "<html><head><link rel=stylesheet href=/site.css><script src='app.js'></script></head>"
                    + "<body><a href=/one.html>one</a> <a href='https://elsewhere.example/'>away</a>"
                    + "<a href='mailto:x@example.org'>mail</a><a href=#top>top</a>"
                    + "<form action=/search><input name=q></form><form method=post action=/login></form></body></html>",
            "/one.html", "<a href=two.html>two</a><img src=/logo.png><picture><source src=/logo.webp></picture>",
            "/two.html", "<a href=/three.html?x=1#part>three</a>",
            "/three.html?x=1", "<a href=/four.html>four</a><img src=/deep.png>",
            "/four.html", "too deep");

    private final List<String> log = new ArrayList<>();
    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String page = SITE.get(key);
            byte[] body = (page == null ? "not here" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", key.endsWith(".png") || key.endsWith(".css")
                    || key.endsWith(".js") || key.endsWith(".webp") ? "application/octet-stream"
                    : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page == null && !key.contains(".") ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<String> crawl(int maxPages, int maxDepth) {
        ProbeEnvironment environment = new ProbeEnvironment(
                List.of(new ProbeTarget(8080, "127.0.0.1", server.getAddress().getPort())), null,
                new ProbeTiming(Duration.ofSeconds(5), Duration.ofSeconds(5), 0), () -> null, log::add);
        return new CrawlSource(new CrawlProbes(8080, "/", maxPages, maxDepth)).requests(environment).stream()
                .map(HttpProbe::path).toList();
    }

    @Test
    void followsSameOriginLinksAndResourcesToTheDepthAsked() {
        assertThat(crawl(100, 3)).containsExactly("/", "/site.css", "/app.js", "/one.html", "/search",
                "/two.html", "/logo.png", "/logo.webp", "/three.html?x=1", "/deep.png");
        assertThat(log).singleElement().asString().startsWith("Crawling from / found 10 page(s) and resource(s)");
    }

    @Test
    void stopsAtMaxPagesAndSaysSo() {
        assertThat(crawl(3, 3)).containsExactly("/", "/site.css", "/app.js");
        assertThat(log).singleElement().asString().contains("stopped at probes.crawl.maxPages");
    }

    @Test
    void keepsOnlyPathsOfTheSameOrigin() {
        URI origin = URI.create("http://127.0.0.1:8080/");

        assertThat(CrawlSource.sameOriginPath(origin, "http://127.0.0.1:8080/a?b=c")).isEqualTo("/a?b=c");
        assertThat(CrawlSource.sameOriginPath(origin, "http://127.0.0.1:8081/a")).isNull();
        assertThat(CrawlSource.sameOriginPath(origin, "https://127.0.0.1:8080/a")).isNull();
        assertThat(CrawlSource.sameOriginPath(origin, "javascript:alert(1)")).isNull();
    }
}
