package dev.slimline.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.ImageDetails;
import dev.slimline.testsupport.RequiresDocker;
import dev.slimline.testsupport.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sensor in real containers, through the Engine API only: put into a created container with
 * the archive API (no bind mounts, so a remote daemon works too), wrapping the image's own
 * command, under Docker's default seccomp profile and without any added privilege.
 */
@RequiresDocker
class SensorContainerIT {

    private static final Map<String, String> LABELS = Map.of("slimline.test", "sensor-container-it");
    private static final int GRACE_SECONDS = 5;

    private final DockerApi docker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();

    SensorContainerIT(DockerApi docker) {
        this.docker = docker;
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(docker.container()::remove);
    }

    @Test
    void seesTheTinyAppServeItsPage() throws Exception {
        String id = instrument(TestImages.tinyApp(), null, "8080/tcp");
        docker.container().start(id);
        assertThat(get(id, "8080/tcp", "/")).contains("<html");

        docker.container().stop(id, GRACE_SECONDS + 5);

        ContainerState state = docker.container().inspect(id);
        assertThat(state.running()).isFalse();
        assertThat(state.privileged()).isFalse();
        assertThat(state.capAdd()).isEmpty();
        SensorReport report = report(id);
        assertThat(report.stoppedBy()).isEqualTo(StopReason.SIGTERM);
        assertThat(report.graceExpired()).as("the app ended on SIGTERM, not killed after the grace period").isFalse();
        assertThat(report.app().argv()).containsExactly("/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www");
        assertThat(state.exitCode()).as("the container exits as the app did").isEqualTo(report.app().exitCode());
        assertThat(report.file("/www/index.html").orElseThrow().ok()).contains(AccessKind.READ);
        assertThat(report.file("/bin/busybox").orElseThrow().ok()).contains(AccessKind.EXEC);
        assertThat(report.syscalls().keySet()).containsAnyOf("accept", "accept4");
        assertThat(report.file("/usr/share/junk")).as("padding nothing reads").isEmpty();
        assertThat(report.processes()).singleElement().satisfies(p -> {
            assertThat(p.exe()).isEqualTo("/bin/busybox");
            assertThat(p.ppid()).as("the sensor is PID 1").isEqualTo(1);
        });
    }

    @Test
    void seesTheNodeAppLoadItsServerAndLibnode() throws Exception {
        String id = instrument(TestImages.nodeApp(), null, "8000/tcp");
        docker.container().start(id);
        assertThat(get(id, "8000/tcp", "/")).contains("\"service\":\"node\"");

        docker.container().stop(id, GRACE_SECONDS + 5);

        SensorReport report = report(id);
        assertThat(docker.container().inspect(id).exitCode()).isEqualTo(report.app().exitCode());
        assertThat(report.file("/opt/my/service/server.js").orElseThrow().ok()).contains(AccessKind.READ);
        FileAccess libnode = report.files().stream()
                .filter(f -> f.path().endsWith("/libnode.so.108") && f.succeeded(AccessKind.READ))
                .findFirst().orElseThrow();
        assertThat(regularFileSize(id, libnode.path())).as(libnode.path() + " is the library itself")
                .isGreaterThan(1 << 20);
        assertThat(report.processes()).anySatisfy(p -> {
            assertThat(p.exe()).isEqualTo("/usr/bin/node");
            assertThat(p.cwd()).isEqualTo("/opt/my/service");
        });
    }

    @Test
    void writesItsReportAsAnyUser() throws Exception {
        String id = instrument(TestImages.tinyApp(), "65534:65534", "8080/tcp");
        docker.container().start(id);
        assertThat(get(id, "8080/tcp", "/")).contains("<html");

        docker.container().stop(id, GRACE_SECONDS + 5);

        assertThat(report(id).file("/www/index.html").orElseThrow().ok()).contains(AccessKind.READ);
    }

    @Test
    void exitsWithTheAppsCodeWhenTheAppEndsByItself() {
        String id = instrument(TestImages.exitApp(), null);
        docker.container().start(id);

        assertThat(docker.container().awaitExit(id, Duration.ofSeconds(30))).isEqualTo(3);
        SensorReport report = report(id);
        assertThat(report.stoppedBy()).isEqualTo(StopReason.EXIT);
        assertThat(report.app().exitCode()).isEqualTo(3);
        assertThat(report.syscalls()).containsKeys("execve", "write", "exit_group");
    }

    @Test
    void killsAnAppThatIgnoresTheStopSignalAfterTheGracePeriod() {
        String image = TestImages.tinyApp();
        List<String> stubborn = List.of("/bin/busybox", "sh", "-c",
                "trap '' TERM; while :; do /bin/busybox sleep 1; done");
        String id = create(ContainerSpec.of(image)
                .withCommand(SensorCommand.wrap(stubborn, 2), null)
                .withLabels(LABELS)
                .withStopTimeout(30), image);
        docker.container().start(id);
        awaitRunning(id);

        docker.container().stop(id, 30);

        // ended by the sensor, not by Docker's kill after 30 s: that would have left no report
        SensorReport report = report(id);
        assertThat(report.graceExpired()).isTrue();
        assertThat(report.app().signal()).isEqualTo(9);
        assertThat(docker.container().inspect(id).exitCode()).isEqualTo(137);
    }

    @Test
    void followsAnAppThatDropsRootEvenWhereTheKernelHidesItFromTheSensor() {
        String image = TestImages.debianBase();
        // perl switches its effective ids only (like a server's worker) and stays undumpable, then
        // execs; setpriv switches all ids and execs a shell whose /proc entries root may not read.
        String script = "perl -e '$) = \"65534 65534\"; $> = 65534; open(F, \"/etc/debian_version\") or die;"
                + " exec(\"/bin/cat\", \"/etc/hostname\")' > /dev/null;"
                + " setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'cd /etc && cat issue.net > /dev/null'";
        String id = create(ContainerSpec.of(image)
                .withCommand(SensorCommand.wrap(List.of("sh", "-c", script), GRACE_SECONDS), null)
                .withLabels(LABELS), image);
        docker.container().start(id);

        assertThat(docker.container().awaitExit(id, Duration.ofSeconds(60))).isZero();
        SensorReport report = report(id);
        assertThat(report.file("/etc/debian_version").orElseThrow().ok()).contains(AccessKind.READ);
        assertThat(report.file("/bin/cat").orElseThrow().ok()).contains(AccessKind.EXEC);
        assertThat(report.file("/etc/hostname").orElseThrow().ok()).contains(AccessKind.READ);
        assertThat(report.files()).anySatisfy(f -> {
            assertThat(f.path()).isIn("/bin/sh", "/usr/bin/sh");
            assertThat(f.ok()).contains(AccessKind.EXEC);
        });
        assertThat(report.file("/etc/issue.net").orElseThrow().ok()).contains(AccessKind.READ);
        assertThat(report.unresolvedPaths()).isZero();
        assertThat(report.processes()).anySatisfy(p -> {
            assertThat(p.argv()).containsExactly("cat", "issue.net");
            assertThat(p.cwd()).isEqualTo("/etc");
        });
    }

    /** A created, not started, container of the image running its own command under the sensor. */
    private String instrument(String image, String user, String... ports) {
        ImageDetails details = docker.image().inspect(image).orElseThrow();
        List<String> app = new ArrayList<>(details.config().entrypoint());
        app.addAll(details.config().cmd());
        ContainerSpec spec = ContainerSpec.of(image)
                .withCommand(SensorCommand.wrap(app, GRACE_SECONDS), null)
                .withProcess(null, null, user)
                .withLabels(LABELS)
                .withPublishedPorts(List.of(ports), docker.publishAddress())
                .withStopTimeout(GRACE_SECONDS + 5);
        return create(spec, image);
    }

    private String create(ContainerSpec spec, String image) {
        String id = docker.container().create(spec);
        containers.add(id);
        String architecture = docker.image().inspect(image).orElseThrow().architecture();
        docker.container().putArchive(id, "/", new ByteArrayInputStream(SensorBinary.forArchitecture(architecture).installArchive()));
        return id;
    }

    private SensorReport report(String id) {
        try (InputStream tar = docker.container().getArchive(id, SensorCommand.REPORT)) {
            return new SensorReportParser().parseArchive(tar);
        } catch (IOException e) {
            throw new AssertionError("reading the report of " + id + " failed", e);
        }
    }

    private long regularFileSize(String id, String path) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(docker.container().getArchive(id, path))) {
            TarArchiveEntry entry = tar.getNextEntry();
            assertThat(entry.isFile()).as(path + " is a regular file, not a link").isTrue();
            return entry.getSize();
        }
    }

    private void awaitRunning(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!docker.container().inspect(id).running()) {
            assertThat(System.nanoTime()).as("container running").isLessThan(deadline);
            sleep();
        }
        sleep(); // let the shell set its trap
    }

    private String get(String id, String containerPort, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            ContainerState state = docker.container().inspect(id);
            assertThat(state.running()).as("the instrumented app is running").isTrue();
            Integer port = state.hostPorts().get(containerPort);
            try {
                HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + docker.publishAddress() + ":" + port + path))
                        .timeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // the app is still starting
            }
            assertThat(System.nanoTime()).as("the app answers on " + containerPort).isLessThan(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
