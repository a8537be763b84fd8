package dev.slimline.testsupport;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.DockerHosts;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.docker.DockerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.StandardEnvironment;

/**
 * A second Docker daemon for tests of remote daemons: tcp on 127.0.0.1 with TLS client
 * certificates, started by {@code src/test/scripts/tls-dockerd.sh} when it is not running (it
 * needs root; without it the test fails when {@code CI=true} and is aborted otherwise). It starts
 * with no images: copy the ones a test needs with {@link #ensureImage}.
 *
 * <pre>{@code
 * DockerProperties.Host host = TlsDaemon.host("remote", 2);   // to configure DockerHosts
 * DockerApi remote = TlsDaemon.api();                           // a shared connection
 * TlsDaemon.ensureImage(TestImages.tinyApp());                  // before running it there
 * }</pre>
 */
public final class TlsDaemon {

    static final String SCRIPT = "tls-dockerd.sh";

    private TlsDaemon() {
    }

    /** The daemon's address, {@code tcp://127.0.0.1:<port>}. */
    public static String uri() {
        return Daemon.SHARED.require().uri();
    }

    /** A client certificate directory ({@code ca.pem}, {@code cert.pem}, {@code key.pem}) the daemon accepts. */
    public static Path clientCertPath() {
        return Daemon.SHARED.require().clientCerts();
    }

    /** The daemon's CA as {@code ca.pem} with a client certificate signed by another CA: the daemon refuses it. */
    public static Path otherCaCertPath() {
        return clientCertPath().resolveSibling("client-other-ca");
    }

    /** The daemon as a configured host, with an accepted client certificate. */
    public static DockerProperties.Host host(String name, int capacity) {
        return new DockerProperties.Host(name, uri(), clientCertPath(), capacity);
    }

    /** A connection shared by every test (do not close it), made by the service's own code. */
    public static DockerApi api() {
        Daemon daemon = Daemon.SHARED.require();
        try {
            return daemon.hosts().primary();
        } catch (DockerOperationException e) {
            return TestScripts.unavailable("the TLS daemon does not answer: " + e.getMessage());
        }
    }

    /** Stops the daemon; its containers stop with it. For tests of a daemon going away: {@link #start()} it again. */
    public static void stop() {
        TestScripts.run(SCRIPT, "stop").require();
    }

    /** Starts the daemon again after {@link #stop()}; its images are kept. */
    public static void start() {
        TestScripts.run(SCRIPT, "start").require();
    }

    /** Copies an image from the local engine when the TLS daemon lacks it ({@code docker save | docker load}). */
    public static synchronized String ensureImage(String reference) {
        DockerApi remote = api();
        if (remote.image().inspect(reference).isEmpty()) {
            try (InputStream tar = DockerTestSupport.api().image().save(reference)) {
                remote.image().load(tar);
            } catch (IOException e) {
                throw new UncheckedIOException("copy " + reference + " to the TLS daemon", e);
            }
        }
        return reference;
    }

    /** Started (or found running) once per test JVM, or why not. */
    private record Daemon(String uri, Path clientCerts, DockerHosts hosts, String problem) {

        static final Daemon SHARED = start();

        Daemon require() {
            return problem == null ? this : TestScripts.unavailable(problem);
        }

        private static Daemon start() {
            TestScripts.Outcome started = TestScripts.run(SCRIPT, "start");
            if (started.problem() != null) {
                return new Daemon(null, null, null, started.problem());
            }
            TestScripts.Outcome env = TestScripts.run(SCRIPT, "env");
            if (env.problem() != null) {
                return new Daemon(null, null, null, env.problem());
            }
            Map<String, String> values = env.values();
            String uri = values.get("DOCKER_HOST");
            Path certs = Path.of(values.get("DOCKER_CERT_PATH"));
            var host = new DockerProperties.Host("tls", uri, certs, 2);
            return new Daemon(uri, certs, new DockerHosts(DockerProperties.of(List.of(host)),
                    new StandardEnvironment()), null);
        }
    }
}
