package dev.slimline.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Pages and resources found by crawling: starting at one path, HTML answers are parsed with jsoup
 * and their same-origin links ({@code a}, GET {@code form action}) and resources ({@code link},
 * {@code script}, {@code img}, {@code source}) followed, breadth first, up to a number of pages
 * and a link depth (resources count as their page's depth). Every page or resource fetched is a
 * request of the job.
 */
public final class CrawlSource implements RequestSource {

    static final int MAX_HTML_BYTES = 4 << 20;

    private final CrawlProbes settings;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    public CrawlSource(CrawlProbes settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "crawl";
    }

    private record Found(String path, int depth) {
    }

    @Override
    public List<HttpProbe> requests(ProbeEnvironment environment) {
        ProbeTarget target = settings.port() == null
                ? environment.targets().stream().findFirst().orElseThrow(() -> new ProbeException(
                        "crawling needs a published port, and the container publishes none"))
                : environment.targets().stream().filter(t -> t.containerPort() == settings.port()).findFirst()
                        .orElseThrow(() -> new ProbeException("probes.crawl names port " + settings.port()
                                + ", which the container does not publish"));
        URI origin = URI.create("http://" + target.host() + ":" + target.hostPort() + "/");
        Set<String> seen = new LinkedHashSet<>();
        Deque<Found> queue = new ArrayDeque<>();
        queue.add(new Found(settings.startPath(), 0));
        seen.add(settings.startPath());
        List<HttpProbe> fetched = new ArrayList<>();
        while (!queue.isEmpty() && fetched.size() < settings.maxPages()) {
            Found page = queue.removeFirst();
            fetched.add(new HttpProbe("GET", page.path(), target.containerPort(), null, null, null));
            Document html = fetchHtml(origin.resolve(page.path()), environment.timing().request());
            if (html == null) {
                continue;
            }
            for (Element element : html.select("a[href], form[action], link[href], script[src], img[src], "
                    + "source[src]")) {
                boolean link = element.tagName().equals("a") || element.tagName().equals("form");
                if (element.tagName().equals("form") && !element.attr("method").isEmpty()
                        && !element.attr("method").equalsIgnoreCase("get")) {
                    continue;
                }
                int depth = link ? page.depth() + 1 : page.depth();
                String path = sameOriginPath(origin, element.absUrl(element.hasAttr("href") ? "href"
                        : element.hasAttr("src") ? "src" : "action"));
                if (path != null && depth <= settings.maxDepth() && seen.add(path)) {
                    queue.add(new Found(path, depth));
                }
            }
        }
        environment.log().accept("Crawling from " + settings.startPath() + " found " + fetched.size()
                + " page(s) and resource(s) on port " + target.containerPort()
                + (queue.isEmpty() ? "" : " (stopped at probes.crawl.maxPages, " + queue.size() + " left)"));
        return fetched;
    }

    /** The page parsed, when it answered 200 with HTML; null otherwise. */
    private Document fetchHtml(URI uri, Duration timeout) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                if (response.statusCode() != 200 || !type.startsWith("text/html")) {
                    return null;
                }
                byte[] bytes = body.readNBytes(MAX_HTML_BYTES);
                return Jsoup.parse(new String(bytes, StandardCharsets.UTF_8), uri.toString());
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while crawling");
        }
    }

    /** The path with query of {@code url} when it is on {@code origin}; null for other sites and schemes. */
    static String sameOriginPath(URI origin, String url) {
        if (url.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || !origin.getHost().equalsIgnoreCase(uri.getHost())
                || origin.getPort() != uri.getPort()) {
            return null;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
