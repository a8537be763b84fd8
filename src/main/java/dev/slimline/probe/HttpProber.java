package dev.slimline.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    /** Bodies are hashed as they stream; this much is the most a probe reads. */
    static final long MAX_BODY_BYTES = 64L << 20;

    private static final Duration MAX_READINESS_BACKOFF = Duration.ofMillis(500);

    private final HttpClient http;
    private final HttpClient https;

    public HttpProber() {
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
            sleep(backoff);
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
        Duration backoff = Duration.ofMillis(100);
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
            if (attempts == 1 || attempts % 10 == 0) {
                log.accept("Waiting for port " + target.containerPort() + " to answer (" + result.error() + ")");
            }
            sleep(backoff);
            // capped low: an application usually becomes ready within seconds, and every
            // moment between its readiness and our next attempt is added to the job
            backoff = backoff.multipliedBy(2).compareTo(MAX_READINESS_BACKOFF) > 0 ? MAX_READINESS_BACKOFF
                    : backoff.multipliedBy(2);
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

    private ProbeResult send(ProbeTarget target, HttpProbe probe, String scheme, Duration timeout) {
        long start = System.nanoTime();
        URI uri = URI.create(scheme + "://" + hostLiteral(target.host()) + ":" + target.hostPort() + probe.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(probe.body()));
        for (Map.Entry<String, String> header : probe.headers().entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        closeAfterwards(request);
        try {
            HttpResponse<InputStream> response = (scheme.equals("https") ? https : http).send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long length = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[16384];
                int n;
                while ((n = body.read(buffer)) > 0 && length < MAX_BODY_BYTES) {
                    sha.update(buffer, 0, n);
                    length += n;
                }
            }
            int status = response.statusCode();
            String error = null;
            if (probe.expectStatus() != null ? status != probe.expectStatus() : status >= 500) {
                error = "answered " + status + (probe.expectStatus() != null ? ", expected " + probe.expectStatus()
                        : "");
            }
            return new ProbeResult(probe.method(), scheme, target.containerPort(), probe.path(), status,
                    HexFormat.of().formatHex(sha.digest()), length, error, millisSince(start));
        } catch (HttpTimeoutException e) {
            return failed(probe, scheme, target, "no answer within " + timeout.toSeconds() + " s", start);
        } catch (IOException e) {
            return failed(probe, scheme, target, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while probing");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static ProbeResult failed(HttpProbe probe, String scheme, ProbeTarget target, String error, long start) {
        return new ProbeResult(probe.method(), scheme, target.containerPort(), probe.path(), 0, null, 0, error,
                millisSince(start));
    }

    private static ProbeResult report(ProbeResult result, Consumer<String> log) {
        log.accept("Probe " + result.request() + " -> " + (result.status() == 0 ? "no answer" : result.status())
                + (result.ok() ? "" : " (" + result.error() + ")") + " in " + result.millis() + " ms");
        return result;
    }

    private static String hostLiteral(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while waiting for the application");
        }
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
