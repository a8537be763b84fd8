package dev.slimline.probe;

/**
 * What one probe got back.
 *
 * @param method request method
 * @param scheme {@code http} or {@code https}
 * @param port the container port the request went to
 * @param path request path
 * @param status HTTP status, or 0 when no answer came
 * @param bodySha256 hex digest of the body, null without an answer
 * @param bodyBytes body length
 * @param error why no acceptable answer came, null on success
 * @param millis how long the request took
 */
public record ProbeResult(String method, String scheme, int port, String path, int status, String bodySha256,
        long bodyBytes, String error, long millis) {

    public boolean ok() {
        return error == null;
    }

    /** How a person would write the request: {@code GET http://:8080/}. */
    public String request() {
        return method + " " + scheme + "://:" + port + path;
    }
}
