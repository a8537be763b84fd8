package dev.slimline.recording;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One HTTP exchange that went through a {@link RecordingProxy}.
 *
 * @param containerPort the container port the request went to
 * @param method request method
 * @param path request target (path and query)
 * @param headers request headers in order, {@code Authorization} and {@code Cookie} values blanked
 * @param requestBodyBytes the request body's length
 * @param status the answer's status
 * @param contentType the answer's {@code Content-Type}
 * @param sha256 hex digest of the answer's body (de-chunked)
 * @param bodyBytes the answer body's length
 * @param replayHeaders the request headers as sent, secrets included: kept in memory for the
 *     replay only, never written anywhere
 * @param requestBody the request body, for the replay
 * @param body the answer's body when small enough to keep, for judging
 */
public record RecordedExchange(int containerPort, String method, String path, List<Header> headers,
        long requestBodyBytes, int status, String contentType, String sha256, long bodyBytes,
        @JsonIgnore List<Header> replayHeaders, @JsonIgnore byte[] requestBody, @JsonIgnore byte[] body) {

    public record Header(String name, String value) {
    }
}
