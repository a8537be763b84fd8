package dev.slimline.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import dev.slimline.testsupport.TlsDaemon;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;

/** A daemon on tcp with TLS client certificates: who gets in, what they are told, and a container run there. */
@RequiresDocker
class TlsDaemonIT {

    private static final Map<String, String> LABELS = Map.of("slimline.test", "tls-daemon-it");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();
    private final List<DockerHosts> opened = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        containers.forEach(TlsDaemon.api().container()::remove);
        opened.forEach(DockerHosts::destroy);
    }

    @Test
    void theRightClientCertificateRunsATinyAppThatAnswersOnLoopback() throws Exception {
        DockerApi remote = connect(TlsDaemon.host("remote", 1));
        assertThat(remote.system().version().serverVersion()).isNotBlank();
        assertThat(remote.system().ping().daemonApiVersion()).isEqualTo(remote.system().version().daemonApiVersion());
        assertThat(remote.publishAddress()).isEqualTo("127.0.0.1");
        String image = TlsDaemon.ensureImage(TestImages.tinyApp());

        long started = System.nanoTime();
        String id = remote.container().create(ContainerSpec.of(image).withLabels(LABELS)
                .withPublishedPorts(List.of("8080/tcp"), remote.publishAddress()));
        containers.add(id);
        remote.container().start(id);
        int port = remote.container().inspect(id).hostPorts().get("8080/tcp");
        String page = awaitPage(port);
        System.out.printf("[tls-daemon-it] tiny-app created, started and answering on the TLS daemon in %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        assertThat(page).isEqualTo(Files.readString(Path.of("src/test/docker/tiny-app/www/index.html")));
        assertThat(remote.container().inspect(id).labels()).containsAllEntriesOf(LABELS);
    }

    @Test
    void aClientWithoutTlsIsToldTheDaemonRequiresIt() {
        var host = new DockerProperties.Host("plain", TlsDaemon.uri(), null, 1);

        assertThatThrownBy(() -> connect(host)).isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("Docker daemon plain at " + TlsDaemon.uri())
                .hasMessageContaining("requires TLS");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        var host = new DockerProperties.Host("stranger", TlsDaemon.uri(), TlsDaemon.otherCaCertPath(), 1);

        assertThatThrownBy(() -> connect(host)).isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("Docker daemon stranger at " + TlsDaemon.uri())
                .hasMessageContaining("TLS handshake");
    }

    @Test
    void aClientThatDoesNotTrustTheDaemonsCertificateRefusesIt(@TempDir Path certs) throws IOException {
        Path accepted = TlsDaemon.clientCertPath();
        Files.copy(TlsDaemon.otherCaCertPath().resolveSibling("pki").resolve("other-ca.pem"), certs.resolve("ca.pem"));
        Files.copy(accepted.resolve("cert.pem"), certs.resolve("cert.pem"));
        Files.copy(accepted.resolve("key.pem"), certs.resolve("key.pem"));
        var host = new DockerProperties.Host("distrustful", TlsDaemon.uri(), certs, 1);

        assertThatThrownBy(() -> connect(host)).isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("Docker daemon distrustful at " + TlsDaemon.uri())
                .hasMessageContaining("TLS handshake");
    }

    @Test
    void aCertificateDirectoryWithoutTheClientKeyIsNamed(@TempDir Path certs) throws IOException {
        Files.copy(TlsDaemon.clientCertPath().resolve("ca.pem"), certs.resolve("ca.pem"));
        Files.copy(TlsDaemon.clientCertPath().resolve("cert.pem"), certs.resolve("cert.pem"));
        var host = new DockerProperties.Host("keyless", TlsDaemon.uri(), certs, 1);

        assertThatThrownBy(() -> connect(host)).isInstanceOf(DockerOperationException.class)
                .hasMessageContaining("Docker daemon keyless at " + TlsDaemon.uri())
                .hasMessageContaining(certs.resolve("key.pem") + " is missing");
    }

    private DockerApi connect(DockerProperties.Host host) {
        var hosts = new DockerHosts(DockerProperties.of(List.of(host)), new StandardEnvironment());
        opened.add(hosts);
        return hosts.primary();
    }

    private String awaitPage(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                return response.body();
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("tiny-app answers within 30 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }
}
