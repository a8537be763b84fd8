package dev.slimline.probe;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends a job's HTTP probes to a running container and records what came back.
 *
 * <p>Readiness is an HTTP answer, not an accepted connection: Docker's userland proxy accepts
 * connections on a published port before the application listens. So the first request to each
 * port is retried with backoff until something answers, the application dies, or time runs out.
 * Certificates are not checked: the application under test usually has a self-signed one, and the
 * probe only needs its answer.
 */
public final class HttpProber {

    /** Bodies up to this size are kept for judging; larger ones only by their digest. */
    public static final int KEPT_BODY_BYTES = 1 << 20;

    /** Headers of a recorded request that describe its old connection, not the request: the client sets its own. */
    private static final Set<String> CLIENT_SET_HEADERS = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private static final Duration READINESS_POLL = Duration.ofMillis(50);
    private static final int READINESS_POLLS = 20;
    private static final Duration MAX_READINESS_BACKOFF = Duration.ofMillis(500);

    private final long maxBodyBytes;
    private final HttpClient http;
    private final HttpClient https;

    /** @param maxBodyBytes the most of an answer's body a probe reads; a longer answer fails the probe */
    public HttpProber(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        this.https = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .sslContext(trustingContext()).sslParameters(noHostnameCheck()).build();
    }

    /** Tells the prober whether waiting still makes sense; returns a reason to give up, or null. */
    @FunctionalInterface
    public interface Liveness {
        String whyNotAlive();
    }

    /**
     * Runs the default probes (when asked) and the custom ones against the targets, in order.
     * A default probe tries http first and https when http gets no HTTP answer.
     *
     * @throws ProbeException when an application never answers or dies while being probed
     */
    public List<ProbeResult> run(List<ProbeTarget> targets, boolean defaultProbes, List<HttpProbe> custom,
            ProbeTiming timing, Liveness liveness, Consumer<String> log) {
        List<ProbeResult> results = new ArrayList<>();
        List<Integer> ready = new ArrayList<>();
        if (defaultProbes) {
            for (ProbeTarget target : targets) {
                ProbeResult result = firstAnswer(target, HttpProbe.get("/"), "http", timing, liveness, log);
                if (result.status() == 0) {
                    log.accept("No HTTP answer on port " + target.containerPort() + "; trying https");
                    result = firstAnswer(target, HttpProbe.get("/"), "https", timing.withReadiness(
                            Duration.ofSeconds(Math.min(10, timing.readiness().toSeconds()))), liveness, log);
                }
                if (result.status() == 0) {
                    throw new ProbeException("nothing answered HTTP or HTTPS on container port "
                            + target.containerPort() + " within " + timing.readiness().toSeconds() + " s: "
                            + result.error());
                }
                ready.add(target.containerPort());
                results.add(report(result, log));
            }
        }
        for (HttpProbe probe : custom) {
            for (ProbeTarget target : targetsFor(probe, targets)) {
                ProbeResult result = ready.contains(target.containerPort())
                        ? sendWithRetries(target, probe, timing)
                        : firstAnswer(target, probe, "http", timing, liveness, log);
                if (result.status() == 0 && !ready.contains(target.containerPort())) {
                    throw new ProbeException("nothing answered HTTP on container port " + target.containerPort()
                            + " within " + timing.readiness().toSeconds() + " s: " + result.error());
                }
                ready.add(target.containerPort());
                results.add(report(result, log));
            }
        }
        return results;
    }

    /**
     * Sends one probe again, the way it went the first time (same scheme), to a port that is known
     * to answer: for replaying the probes against a second container.
     */
    public ProbeResult replay(ProbeResult original, ProbeTarget target, HttpProbe probe, ProbeTiming timing,
            Liveness liveness, Consumer<String> log) {
        return report(firstAnswer(target, probe, original.scheme(), timing, liveness, log), log);
    }

    private ProbeResult sendWithRetries(ProbeTarget target, HttpProbe probe, ProbeTiming timing) {
        ProbeResult result = send(target, probe, "http", timing.request());
        Duration backoff = Duration.ofMillis(200);
        for (int retry = 0; retry < timing.retries() && result.status() == 0; retry++) {
            Waiting.sleep(backoff);
            backoff = backoff.multipliedBy(2);
            result = send(target, probe, "http", timing.request());
        }
        return result;
    }

    private static List<ProbeTarget> targetsFor(HttpProbe probe, List<ProbeTarget> targets) {
        if (probe.port() == null) {
            return targets;
        }
        return targets.stream().filter(t -> t.containerPort() == probe.port()).findFirst().map(List::of)
                .orElseThrow(() -> new ProbeException("probe " + probe.method() + " " + probe.path() + " names port "
                        + probe.port() + ", which the container does not publish"));
    }

    private ProbeResult firstAnswer(ProbeTarget target, HttpProbe probe, String scheme, ProbeTiming timing,
            Liveness liveness, Consumer<String> log) {
        long deadline = System.nanoTime() + timing.readiness().toNanos();
        Duration backoff = READINESS_POLL;
        int attempts = 0;
        while (true) {
            ProbeResult result = send(target, probe, scheme, timing.request());
            attempts++;
            if (result.status() != 0) {
                return result;
            }
            String dead = liveness.whyNotAlive();
            if (dead != null) {
                throw new ProbeException(dead);
            }
            if (System.nanoTime() + backoff.toNanos() > deadline) {
                return result;
            }
            if (attempts == 1 || attempts % 20 == 0) {
                log.accept("Waiting for port " + target.containerPort() + " to answer (" + result.error() + ")");
            }
            Waiting.sleep(backoff);
            // every moment between the application's readiness and our next attempt is added to
            // the job: most start within a second, so the first second is polled closely (a refused
            // connection costs next to nothing), and the wait then grows to a low cap
            if (attempts >= READINESS_POLLS) {
                backoff = backoff.multipliedBy(2).compareTo(MAX_READINESS_BACKOFF) > 0 ? MAX_READINESS_BACKOFF
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Asks the application to close the connection once it has answered: an idle connection kept
     * by this client would hold up the application's graceful stop (Node's server.close() waits
     * for it). The JDK takes the header only when its restricted headers allow it
     * ({@code SlimlineApplication} sees to that); otherwise the connection stays open, which only
     * costs the stop some time.
     */
    private static void closeAfterwards(HttpRequest.Builder request) {
        try {
            request.setHeader("Connection", "close");
        } catch (IllegalArgumentException restricted) {
            // the JVM was started without jdk.httpclient.allowRestrictedHeaders=connection
        }
    }

    /**
     * One exchange, bounded as a whole: the deadline runs from the connect to the body's last
     * byte, so an answer that trickles cannot hold the job, and the body is read up to the cap.
     */
    private ProbeResult send(ProbeTarget target, HttpProbe probe, String scheme, Duration timeout) {
        return send(target, probe, probe.headers().entrySet().stream().toList(),
                probe.body() == null ? null : probe.body().getBytes(StandardCharsets.UTF_8), scheme, timeout);
    }

    /**
     * Sends a request that a client of the application sent through the recording proxy, as it
     * was sent (headers the HTTP client sets itself aside), to a port known to answer; retried
     * like a probe when it gets no answer.
     */
    public ProbeResult sendRecorded(ProbeTarget target, String method, String path,
            List<Map.Entry<String, String>> headers, byte[] body, ProbeTiming timing) {
        HttpProbe probe = new HttpProbe(method, path, target.containerPort(), Map.of(), null, null);
        List<Map.Entry<String, String>> kept = headers.stream()
                .filter(h -> !CLIENT_SET_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))).toList();
        ProbeResult result = send(target, probe, kept, body, "http", timing.request());
        Duration backoff = Duration.ofMillis(200);
        for (int retry = 0; retry < timing.retries() && result.status() == 0; retry++) {
            Waiting.sleep(backoff);
            backoff = backoff.multipliedBy(2);
            result = send(target, probe, kept, body, "http", timing.request());
        }
        return result;
    }

    private ProbeResult send(ProbeTarget target, HttpProbe probe, List<Map.Entry<String, String>> headers,
            byte[] requestBody, String scheme, Duration timeout) {
        long start = System.nanoTime();
        URI uri = URI.create(scheme + "://" + hostLiteral(target.host()) + ":" + target.hostPort() + probe.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(probe.method(), requestBody == null || requestBody.length == 0
                        && List.of("GET", "HEAD", "DELETE", "OPTIONS").contains(probe.method())
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (Map.Entry<String, String> header : headers) {
            try {
                request.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // a header the HTTP client reserves for itself (Host, Connection, ...): it sets its own
            }
        }
        closeAfterwards(request);
        CappedBody body = new CappedBody(maxBodyBytes, KEPT_BODY_BYTES);
        CompletableFuture<HttpResponse<CappedBody.Captured>> exchange = (scheme.equals("https") ? https : http)
                .sendAsync(request.build(), body);
        HttpResponse<CappedBody.Captured> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            body.cancel();
            if (body.status() == 0) {
                return failed(probe, scheme, target, "no answer within " + seconds(timeout), start);
            }
            return incomplete(probe, scheme, target, body, "the answer did not end within " + seconds(timeout)
                    + " (" + body.received() + " bytes of it had come)", start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return failed(probe, scheme, target, "no answer within " + seconds(timeout), start);
            }
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return body.status() == 0 ? failed(probe, scheme, target, message, start)
                    : incomplete(probe, scheme, target, body, "the answer broke off: " + message, start);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            body.cancel();
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while probing");
        }
        CappedBody.Captured captured = response.body();
        if (captured.overCap()) {
            return incomplete(probe, scheme, target, body, "the answer was larger than " + size(maxBodyBytes)
                    + " (slimline.pipeline.max-probe-body-size)", start);
        }
        int status = response.statusCode();
        String error = null;
        if (probe.expectStatus() != null ? status != probe.expectStatus() : status >= 500) {
            error = "answered " + status + (probe.expectStatus() != null ? ", expected " + probe.expectStatus() : "");
        }
        return new ProbeResult(probe.method(), scheme, target.host(), target.hostPort(), target.containerPort(),
                probe.path(), status, body.contentType(), captured.sha256(), captured.length(), true, error,
                millisSince(start), captured.kept());
    }

    private static ProbeResult failed(HttpProbe probe, String scheme, ProbeTarget target, String error, long start) {
        return new ProbeResult(probe.method(), scheme, target.host(), target.hostPort(), target.containerPort(),
                probe.path(), 0, null, null, 0, false, error, millisSince(start), null);
    }

    /** An answer that began (its status is known) but was not read whole. */
    private static ProbeResult incomplete(HttpProbe probe, String scheme, ProbeTarget target, CappedBody body,
            String error, long start) {
        return new ProbeResult(probe.method(), scheme, target.host(), target.hostPort(), target.containerPort(),
                probe.path(), body.status(), body.contentType(), null, body.received(), false, error,
                millisSince(start), null);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    static String size(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB"
                : bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    private static ProbeResult report(ProbeResult result, Consumer<String> log) {
        log.accept("Probe " + result.request() + " (container port " + result.port() + ") -> "
                + (result.status() == 0 ? "no answer" : result.status())
                + (result.ok() ? "" : " (" + result.error() + ")") + " in " + result.millis() + " ms");
        return result;
    }

    private static String hostLiteral(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    // the prober is the client; no client certificates to check
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // the application under test: its answer matters, not its certificate
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                    // as above
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                    // as above
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                    // as above
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                    // as above
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java runtime", e);
        }
    }

    private static SSLParameters noHostnameCheck() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        return parameters;
    }
}
