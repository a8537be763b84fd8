package dev.slimline.probe;

import dev.slimline.judge.Expectation;
import java.util.Map;

/**
 * One HTTP request to send to the application.
 *
 * @param method GET, POST, ...
 * @param path request path with query, starting with {@code /}
 * @param port container port; null means every exposed port
 * @param headers request headers
 * @param body request body, or null
 * @param expectStatus the status that counts as success; null means any status below 500
 * @param expect the user's rule for the answer, deciding instead of a comparison with the
 *     original's answers; null to compare
 */
public record HttpProbe(String method, String path, Integer port, Map<String, String> headers, String body,
        Integer expectStatus, Expectation expect) {

    public HttpProbe {
        method = method == null ? "GET" : method;
        path = path == null ? "/" : path;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public HttpProbe(String method, String path, Integer port, Map<String, String> headers, String body,
            Integer expectStatus) {
        this(method, path, port, headers, body, expectStatus, null);
    }

    public static HttpProbe get(String path) {
        return new HttpProbe("GET", path, null, Map.of(), null, null);
    }
}
