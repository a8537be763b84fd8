package dev.slimline.probe;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Bytes sent to a container port over a plain TCP connection, for services that speak no HTTP.
 *
 * @param port the container port
 * @param send text to send (UTF-8); null when {@code sendBase64} is given or nothing is sent
 * @param sendBase64 bytes to send, in base64
 * @param expectContains text the answer must contain
 * @param expectMatches a regular expression that must match somewhere in the answer
 * @param timeoutSeconds how long to wait for the answer
 */
public record TcpProbe(int port, String send, String sendBase64, String expectContains, String expectMatches,
        Integer timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 5;

    public TcpProbe {
        timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }

    /** What goes over the connection. */
    public byte[] bytes() {
        if (sendBase64 != null) {
            return Base64.getDecoder().decode(sendBase64);
        }
        return send == null ? new byte[0] : send.getBytes(StandardCharsets.UTF_8);
    }

    /** Why {@code answer} does not meet the expectations; null when it does. */
    String judge(String answer) {
        if (expectContains != null && !answer.contains(expectContains)) {
            return "the answer does not contain \"" + TcpSource.escape(expectContains) + "\"";
        }
        if (expectMatches != null && !Pattern.compile(expectMatches).matcher(answer).find()) {
            return "the answer does not match /" + expectMatches + "/";
        }
        if (expectContains == null && expectMatches == null && answer.isEmpty()) {
            return "nothing came back";
        }
        return null;
    }

    /** Enough of the answer has come to judge it. */
    boolean answered(String answer) {
        if (expectContains == null && expectMatches == null) {
            return !answer.isEmpty();
        }
        return judge(answer) == null;
    }
}
