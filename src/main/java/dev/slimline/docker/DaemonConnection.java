package dev.slimline.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ResponseItem;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * What every resource API of one daemon shares: its clients, and the one way a call's failure
 * becomes a {@link DockerOperationException} that says what was being done and on which daemon.
 */
final class DaemonConnection {

    static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final DaemonVersion version;
    final DockerClient client;
    final DockerClient streamingClient;
    final DockerHttpClient http;
    final DockerHttpClient pingHttp;

    /**
     * @param http raw requests with the normal response timeout
     * @param pingHttp raw requests that must answer within the connect timeout (health checks)
     */
    DaemonConnection(String name, DaemonVersion version, DockerClient client, DockerClient streamingClient,
            DockerHttpClient http, DockerHttpClient pingHttp) {
        this.name = name;
        this.version = version;
        this.client = client;
        this.streamingClient = streamingClient;
        this.http = http;
        this.pingHttp = pingHttp;
    }

    <T> T call(String what, Work<T> action) {
        try {
            return action.get();
        } catch (DockerOperationException e) {
            throw e;
        } catch (DockerException e) {
            throw new DockerOperationException(what + " on " + name + ": " + daemonMessage(e), e.getHttpStatus(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerOperationException(what + " on " + name + ": interrupted", 0, e);
        } catch (Exception e) {
            throw new DockerOperationException(what + " on " + name + ": " + describe(e), 0, e);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T get() throws Exception;
    }

    void ignoringNotFound(String what, Runnable action) {
        try {
            call(what, () -> {
                action.run();
                return null;
            });
        } catch (DockerOperationException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    void ignoringNotModified(String what, Runnable action) {
        try {
            call(what, () -> {
                action.run();
                return null;
            });
        } catch (DockerOperationException e) {
            if (e.statusCode() != 304) {
                throw e;
            }
        }
    }

    /** A failure of {@code what} with the daemon's name and the given reason. */
    DockerOperationException failure(String what, String reason) {
        return new DockerOperationException(what + " on " + name + ": " + reason.strip(), 0, null);
    }

    /** The daemon said no: its {@code message}, or the raw body when it sent no JSON. */
    DockerOperationException refusal(String what, int status, byte[] body) {
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            message = JSON.readTree(body).path("message").asText(message);
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        return new DockerOperationException(what + " on " + name + ": " + message.strip(), status, null);
    }

    JsonNode getJson(String path, String what) {
        return getJson(http, path, what);
    }

    JsonNode getJson(DockerHttpClient via, String path, String what) {
        String fullPath = "/v" + version.apiVersion() + path;
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(fullPath)
                .build();
        try (DockerHttpClient.Response response = via.execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() / 100 != 2) {
                throw refusal(what, response.getStatusCode(), body);
            }
            return JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DockerOperationException d) {
                throw d;
            }
            throw new DockerOperationException(what + " on " + name + ": " + describe(e), 0, e);
        }
    }

    /**
     * Collects a JSON progress stream: status and stream lines go to {@code progress}, and the
     * first error the daemon reports in the stream fails the operation with its message (the
     * daemon reports registry errors this way, after answering 200).
     */
    final class ProgressCallback<T extends ResponseItem> extends ResultCallback.Adapter<T> {

        private final String what;
        private final Consumer<String> progress;
        private volatile String error;

        ProgressCallback(String what, Consumer<String> progress) {
            this.what = what;
            this.progress = progress;
        }

        @Override
        public void onNext(T item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                if (error == null) {
                    error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : item.getError();
                }
                return;
            }
            if (item.getStatus() != null && item.getId() == null) {
                progress.accept(item.getStatus());
            } else if (item.getStream() != null && !item.getStream().isBlank()) {
                progress.accept(item.getStream().strip());
            }
        }

        void awaitOutcome() throws InterruptedException {
            awaitCompletion();
            if (error != null) {
                throw failure(what, error);
            }
        }
    }

    /** docker-java puts "Status 404: {"message":"..."}" in its messages; keep the daemon's words only. */
    private static String daemonMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int brace = message.indexOf('{');
        if (brace >= 0) {
            try {
                return JSON.readTree(message.substring(brace)).path("message").asText(message).strip();
            } catch (IOException notJson) {
                return message.strip();
            }
        }
        return message.strip();
    }

    static String describe(Throwable e) {
        Throwable root = e;
        SSLException tls = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SSLException ssl && tls == null) {
                tls = ssl;
            }
        }
        if (tls != null) {
            if (root instanceof CertPathBuilderException || root instanceof CertPathValidatorException) {
                return "the TLS handshake with the daemon failed: its certificate is not signed by the CA in ca.pem ("
                        + root.getMessage() + ")";
            }
            return "the TLS handshake with the daemon failed (" + tlsReason(tls) + "; the client certificate must"
                    + " come from the CA the daemon trusts, and ca.pem must be the CA of the daemon's certificate)";
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof UncheckedIOException || root instanceof IOException) {
            return "the daemon could not be reached (" + message + ")";
        }
        return message;
    }

    private static String tlsReason(SSLException e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (deepest != e && deepest.getMessage() != null && !message.contains(deepest.getMessage())) {
            message += ": " + deepest.getMessage();
        }
        return message;
    }

    static String encodePath(String reference) {
        // names keep their slashes and colons: the daemon's router matches them as one segment list
        return URLEncoder.encode(reference, StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":");
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
