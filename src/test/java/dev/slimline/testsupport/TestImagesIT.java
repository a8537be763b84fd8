package dev.slimline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Builds (or reuses) every test image, runs it and checks that it answers as documented. */
@RequiresDocker
class TestImagesIT {

    private static final Map<String, String> LABELS = Map.of(TestImages.LABEL, "test-images-it");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final DockerApi docker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();

    TestImagesIT(DockerApi docker) {
        this.docker = docker;
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(docker.container()::remove);
    }

    @Test
    void nodeAppAnswersItsStatusDocument() throws Exception {
        int port = start(TestImages.nodeApp(), "8000/tcp");

        assertThat(get(port, "/")).isEqualTo("{\"status\":\"success\",\"info\":\"yes!!!\",\"service\":\"node\"}");
    }

    @Test
    void pythonAppAnswersItsStatusDocumentAndTheSalesReport() throws Exception {
        int port = start(TestImages.pythonApp(), "5000/tcp");

        assertThat(get(port, "/")).isEqualTo("{\"status\":\"success\",\"info\":\"yes!!!\",\"service\":\"python\"}");
        assertThat(get(port, "/report")).matches(Pattern.quote("{\"status\":\"success\",\"service\":\"python\","
                + "\"report\":\"sales\",\"rows\":14,\"stores\":["
                + "{\"store\":\"harbour\",\"quantity\":100,\"revenue\":227.35},"
                + "{\"store\":\"market\",\"quantity\":66,\"revenue\":204.9},"
                + "{\"store\":\"station\",\"quantity\":73,\"revenue\":210.4}],"
                + "\"best_item\":\"croissant\",\"median_quantity\":15.0,\"sqlite\":\"") + "3\\.\\d+\\.\\d+\"}");
    }

    @Test
    void tinyAppServesItsPageFromAnImageWithoutShell() throws Exception {
        String image = TestImages.tinyApp();
        int port = start(image, "8080/tcp");

        assertThat(get(port, "/")).isEqualTo(Files.readString(Path.of("src/test/docker/tiny-app/www/index.html")));
        assertThat(docker.image().inspect(image).orElseThrow().sizeBytes())
                .as("busybox plus 20 MiB of padding").isBetween(21L << 20, 26L << 20);
    }

    @Test
    void exitAppEndsAtOnceWithCodeThree() {
        String id = create(ContainerSpec.of(TestImages.exitApp()));
        docker.container().start(id);

        assertThat(docker.container().awaitExit(id, Duration.ofSeconds(30))).isEqualTo(3);
    }

    @Test
    void noPortAppDeclaresNoPortAndEndsOnSigterm() {
        String image = TestImages.noPortApp();
        assertThat(docker.image().inspect(image).orElseThrow().config().exposedPorts()).isEmpty();
        String id = create(ContainerSpec.of(image));
        docker.container().start(id);
        assertThat(docker.container().inspect(id).running()).isTrue();

        docker.container().stop(id, 10);

        assertThat(docker.container().inspect(id).exitCode()).as("ended by SIGTERM, not killed (137)").isZero();
    }

    @Test
    void aSecondRequestReusesTheTaggedImageWithoutBuilding() {
        List<Supplier<TestImages.TestImage>> images = List.of(TestImages::tinyAppImage, TestImages::nodeAppImage,
                TestImages::pythonAppImage, () -> TestImages.busyboxImage("exit-app"),
                () -> TestImages.busyboxImage("noport-app"));
        for (Supplier<TestImages.TestImage> image : images) {
            TestImages.TestImage first = image.get();
            TestImages.TestImage second = image.get();

            assertThat(second.built()).as(second.reference()).isFalse();
            assertThat(second).as(second.reference()).isEqualTo(new TestImages.TestImage(first.reference(),
                    first.id(), false));
        }
    }

    private String create(ContainerSpec spec) {
        String id = docker.container().create(spec.withLabels(LABELS));
        containers.add(id);
        return id;
    }

    /** Starts the image with {@code port} published on a random port of 127.0.0.1; returns that port. */
    private int start(String image, String port) {
        String id = create(ContainerSpec.of(image).withPublishedPorts(List.of(port), "127.0.0.1"));
        docker.container().start(id);
        Integer hostPort = docker.container().inspect(id).hostPorts().get(port);
        assertThat(hostPort).as("host port of " + port).isNotNull();
        awaitAnswer(id, hostPort);
        return hostPort;
    }

    private void awaitAnswer(String id, int port) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                get(port, "/");
                return;
            } catch (IOException notYet) {
                ContainerState state = docker.container().inspect(id);
                assertThat(state.running()).as("container still running (exit code " + state.exitCode() + ")")
                        .isTrue();
                assertThat(System.nanoTime()).as("answer within " + STARTUP).isLessThan(deadline);
                sleep();
            }
        }
    }

    private String get(int port, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("status of GET " + path).isEqualTo(200);
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
