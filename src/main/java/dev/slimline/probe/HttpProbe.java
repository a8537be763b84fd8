package dev.slimline.probe;

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
 */
public record HttpProbe(String method, String path, Integer port, Map<String, String> headers, String body,
        Integer expectStatus) {

    public HttpProbe {
        method = method == null ? "GET" : method;
        path = path == null ? "/" : path;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static HttpProbe get(String path) {
        return new HttpProbe("GET", path, null, Map.of(), null, null);
    }
}
