package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.Set;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running service over real HTTP and checks every response (and every request meant
 * to be valid) against {@code openapi.yaml}, so the contract and the code cannot drift. With a
 * token it sends {@code Authorization: Bearer <token>}; without one, a request is checked as the
 * contract says except that it has no token: the contract requires tokens, and most tests talk
 * to a service on loopback that runs without them.
 */
public final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SPECIFICATION = Path.of("openapi.yaml").toAbsolutePath().toUri().toString();
    private static final OpenApiInteractionValidator CONTRACT = OpenApiInteractionValidator
            .createForSpecificationUrl(SPECIFICATION).build();
    private static final OpenApiInteractionValidator CONTRACT_WITHOUT_TOKEN = OpenApiInteractionValidator
            .createForSpecificationUrl(SPECIFICATION).withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE).build())
            .build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public ApiClient(int port) {
        this(port, null);
    }

    public ApiClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A client of the same service that sends {@code token} (null: none). */
    public ApiClient withToken(String token) {
        return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), token);
    }

    /** A response as text, after its check against the contract. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** Asserts an RFC 9457 problem with this status, and returns it. */
        public JsonNode problem(int expected) {
            assertThat(status).as("status of %s", body).isEqualTo(expected);
            assertThat(contentType()).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("status").asInt()).isEqualTo(expected);
            assertThat(problem.path("title").asString()).isNotBlank();
            return problem;
        }
    }

    /**
     * Polls a job until its status is one of {@code statuses} and returns it; fails the test with
     * the job as last seen when {@code timeout} passes first.
     */
    public JsonNode awaitStatus(String id, Duration timeout, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = get("/api/v1/jobs/" + id).json();
        while (!wanted.contains(job.path("status").asString())) {
            assertThat(Instant.now()).as("job %s reaching %s; it is %s", id, wanted, job).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            job = get("/api/v1/jobs/" + id).json();
        }
        return job;
    }

    /**
     * Polls a job until it shows something at the JSON Pointer {@code pointer} and returns it;
     * fails the test with the job as last seen when {@code timeout} passes or the job ends first.
     */
    public JsonNode awaitJobField(String id, String pointer, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = get("/api/v1/jobs/" + id).json();
        while (job.at(pointer).isMissingNode()) {
            assertThat(Instant.now()).as("job %s showing %s; it is %s", id, pointer, job).isBefore(deadline);
            assertThat(job.path("status").asString()).as("job %s showing %s", id, pointer)
                    .isIn("QUEUED", "RUNNING");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            job = get("/api/v1/jobs/" + id).json();
        }
        return job;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of(), true);
    }

    public Response post(String path, String json) {
        return send("POST", path, json, Map.of("Content-Type", "application/json"), true);
    }

    public Response post(String path, String json, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", "application/json");
        return send("POST", path, json, all, true);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of(), true);
    }

    /** For requests that break the contract on purpose: only the response is checked. */
    Response invalid(String method, String path, String body, Map<String, String> headers) {
        return send(method, path, body, headers, false);
    }

    /** A request to a path or method the contract does not have: nothing to check it against. */
    Response unchecked(String method, String path, String body, Map<String, String> headers) {
        return exchange(method, path, body, withToken(headers));
    }

    /** The raw response stream, for downloads; checked for status and content type only. */
    public HttpResponse<InputStream> stream(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        withToken(Map.of()).forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response send(String method, String path, String body, Map<String, String> given,
            boolean requestValid) {
        Map<String, String> headers = withToken(given);
        OpenApiInteractionValidator contract = token == null ? CONTRACT_WITHOUT_TOKEN : CONTRACT;
        Response response = exchange(method, path, body, headers);
        URI uri = URI.create(path);
        Request.Method verb = Request.Method.valueOf(method);
        if (requestValid) {
            SimpleRequest.Builder request = new SimpleRequest.Builder(verb, uri.getPath());
            headers.forEach(request::withHeader);
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    request.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            if (body != null) {
                request.withBody(body);
            }
            assertValid("request " + method + " " + path, contract.validateRequest(request.build()));
        }
        SimpleResponse.Builder checked = SimpleResponse.Builder.status(response.status());
        response.headers().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                checked.withHeader(name, values);
            }
        });
        String type = response.contentType();
        boolean binary = type != null && type.startsWith("application/x-tar");
        if (!response.body().isEmpty() && !binary) {
            checked.withBody(response.body());
        }
        assertValid("response " + response.status() + " to " + method + " " + path + ": " + response.body(),
                contract.validateResponse(uri.getPath(), verb, checked.build()));
        return response;
    }

    private Response exchange(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> withToken(Map<String, String> headers) {
        if (token == null) {
            return headers;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Authorization", "Bearer " + token);
        return all;
    }

    private static void assertValid(String what, ValidationReport report) {
        assertThat(report.getMessages()).as("%s against openapi.yaml", what).isEmpty();
    }
}
