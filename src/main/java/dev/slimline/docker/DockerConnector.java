package dev.slimline.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Opens a {@link DockerApi} on one daemon: transport (unix socket or tcp, with TLS client
 * certificates when given) and API version negotiation. The daemon's own version is used, capped
 * at the newest our client library models, so an old engine (API 1.41) and a new one that refuses
 * anything below 1.44 both work.
 */
final class DockerConnector {

    /** The newest Engine API version docker-java's model covers. */
    static final String NEWEST_KNOWN_API = "1.44";

    private DockerConnector() {
    }

    static DockerApi connect(DockerProperties.Host host, Duration connectTimeout, Duration responseTimeout) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.uri())
                .withDockerTlsVerify(host.tlsCertPath() != null);
        if (host.tlsCertPath() != null) {
            requireCertificates(host);
            builder.withDockerCertPath(host.tlsCertPath().toString());
        }
        DefaultDockerClientConfig probeConfig = builder.withApiVersion(RemoteApiVersion.UNKNOWN_VERSION).build();
        DockerHttpClient requests = httpClient(probeConfig, connectTimeout, responseTimeout);
        DockerHttpClient streams = httpClient(probeConfig, connectTimeout, null);
        // health checks: a daemon that accepts connections but does not answer is as down as one that refuses
        DockerHttpClient pings = httpClient(probeConfig, connectTimeout, connectTimeout);
        try {
            DaemonVersion version = negotiate(host, pings);
            DefaultDockerClientConfig config = builder.withApiVersion(version.apiVersion()).build();
            String publishAddress = host.publishAddress() != null ? host.publishAddress() : publishAddress(host.uri());
            return new DockerApi(host.name(), publishAddress, version,
                    DockerClientImpl.getInstance(config, requests), DockerClientImpl.getInstance(config, streams),
                    requests, pings, List.of(requests, streams, pings));
        } catch (RuntimeException e) {
            closeQuietly(requests);
            closeQuietly(streams);
            closeQuietly(pings);
            throw e;
        }
    }

    /** The TLS files, named as Docker names them; said plainly when one is missing rather than deep in the TLS setup. */
    private static void requireCertificates(DockerProperties.Host host) {
        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            if (!Files.isReadable(host.tlsCertPath().resolve(file))) {
                throw new DockerOperationException("connect to Docker daemon " + host.name() + " at " + host.uri()
                        + " over TLS: " + host.tlsCertPath().resolve(file) + " is missing or unreadable (tls-cert-path"
                        + " must hold ca.pem, the CA of the daemon's certificate, and cert.pem and key.pem, a client"
                        + " certificate the daemon trusts)", 0, null);
            }
        }
    }

    private static DockerHttpClient httpClient(DefaultDockerClientConfig config, Duration connectTimeout,
            Duration responseTimeout) {
        var builder = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(connectTimeout);
        if (responseTimeout != null) {
            builder.responseTimeout(responseTimeout);
        }
        return builder.build();
    }

    private static DaemonVersion negotiate(DockerProperties.Host host, DockerHttpClient http) {
        var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
                .path("/version").build();
        JsonNode v;
        try (DockerHttpClient.Response response = http.execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() != 200) {
                String text = new String(body, StandardCharsets.UTF_8).strip();
                if (host.tlsCertPath() == null && text.contains("HTTPS server")) {
                    throw new DockerOperationException("connect to Docker daemon " + host.name() + " at " + host.uri()
                            + ": the daemon requires TLS, and no tls-cert-path is configured for it",
                            response.getStatusCode(), null);
                }
                throw new DockerOperationException("connect to Docker daemon " + host.name() + " at " + host.uri()
                        + ": it answered HTTP " + response.getStatusCode()
                        + (text.isEmpty() ? "" : " (" + abbreviate(text) + ")"), response.getStatusCode(), null);
            }
            v = new ObjectMapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DockerOperationException d) {
                throw d;
            }
            throw new DockerOperationException("connect to Docker daemon " + host.name() + " at " + host.uri() + ": "
                    + (host.tlsCertPath() != null && closedByPeer(e) ? refusedCertificate(host, e) : DaemonConnection.describe(e)),
                    0, e);
        }
        String daemonApi = v.path("ApiVersion").asText();
        String minApi = v.path("MinAPIVersion").asText("1.12");
        return new DaemonVersion(chooseApiVersion(host.name(), daemonApi, minApi), daemonApi, minApi,
                v.path("Version").asText(), v.path("Os").asText(), v.path("Arch").asText());
    }

    /**
     * The version to speak with a daemon: its own, capped at the newest we know; a daemon whose
     * oldest accepted version is newer than that cannot be spoken to.
     */
    static String chooseApiVersion(String hostName, String daemonApi, String minApi) {
        String chosen = older(daemonApi, NEWEST_KNOWN_API);
        if (isOlder(chosen, minApi)) {
            throw new DockerOperationException("connect to Docker daemon " + hostName + ": it needs API "
                    + minApi + " or newer, and Slimline speaks up to " + NEWEST_KNOWN_API, 0, null);
        }
        return chosen;
    }

    /**
     * With TLS 1.3 the daemon checks our client certificate after the client has finished its
     * side of the handshake, so a refusal reaches us as a reset or broken connection rather than
     * as a TLS alert.
     */
    private static boolean closedByPeer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return false;
            }
            if (t instanceof SocketException && !(t instanceof ConnectException)) {
                return true;
            }
        }
        return false;
    }

    private static String refusedCertificate(DockerProperties.Host host, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "the daemon closed the connection during the TLS handshake (" + root.getMessage() + "): it refuses"
                + " client certificates not signed by the CA it trusts; check cert.pem and key.pem in "
                + host.tlsCertPath();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * Published ports live on the daemon's host: loopback for a socket; for tcp, the address the
     * daemon's host name resolves to here. It is both where ports are bound (Docker takes an IP
     * only) and where the service reaches them, so a remote daemon must be reachable from the
     * service at that address without address translation.
     */
    static String publishAddress(String uri) {
        URI parsed = URI.create(uri);
        if ("tcp".equals(parsed.getScheme()) || "http".equals(parsed.getScheme())
                || "https".equals(parsed.getScheme())) {
            try {
                return InetAddress.getByName(parsed.getHost()).getHostAddress();
            } catch (UnknownHostException e) {
                // connecting has just worked, so this is rare; the daemon will name the bad address
                return parsed.getHost();
            }
        }
        return "127.0.0.1";
    }

    static String older(String a, String b) {
        return isOlder(a, b) ? a : b;
    }

    static boolean isOlder(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        return x[0] != y[0] ? x[0] < y[0] : x[1] < y[1];
    }

    private static int[] parse(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an API version: " + version);
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private static void closeQuietly(DockerHttpClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // already failing; the connection error is the one to report
        }
    }
}
