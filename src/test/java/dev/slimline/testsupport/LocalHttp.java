package dev.slimline.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Requests to a server a test started on this machine, which may still be starting. */
public final class LocalHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalHttp() {
    }

    /**
     * {@code GET http://127.0.0.1:<port><path>}, sent again while nothing answers, for up to
     * {@code patience}; then the last failure is thrown.
     */
    public static HttpResponse<String> get(int port, String path, Duration patience)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("nothing answered GET " + path + " on 127.0.0.1:" + port + " within "
                            + patience.toSeconds() + " s", e);
                }
                Thread.sleep(200);
            }
        }
    }
}
