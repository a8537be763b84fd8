package dev.slimline.probe;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What one probe got back.
 *
 * @param method request method
 * @param scheme {@code http} or {@code https}
 * @param host the address the request went to
 * @param hostPort the port on {@code host} it went to (where the container port is published)
 * @param port the container port the request went to
 * @param path request path
 * @param status HTTP status, or 0 when no answer came
 * @param contentType the answer's {@code Content-Type}, null when it had none
 * @param bodySha256 hex digest of the body, null without a whole answer
 * @param bodyBytes body length (as far as it was read)
 * @param complete whether the whole answer was read, within the exchange's deadline and the body cap
 * @param error why no acceptable answer came, null on success
 * @param millis how long the request took
 * @param body the body when it is at most {@link HttpProber#KEPT_BODY_BYTES}, for judging; null otherwise
 */
public record ProbeResult(String method, String scheme, String host, int hostPort, int port, String path, int status,
        String contentType, String bodySha256, long bodyBytes, boolean complete, String error, long millis,
        @JsonIgnore byte[] body) {

    public boolean ok() {
        return error == null;
    }

    /** How a person would write the request, with the address really probed: {@code GET http://127.0.0.1:41234/}. */
    public String request() {
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return method + " " + scheme + "://" + literal + ":" + hostPort + path;
    }
}
