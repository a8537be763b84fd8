package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.sensor.SensorMode;
import dev.slimline.testsupport.LocalHttp;
import dev.slimline.testsupport.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sensor's two modes on whole jobs: FAST lets hot calls through unseen, yet must keep exactly
 * the files EXACT keeps, its profile must start and verify, and a call the application never made
 * must still be refused under that profile.
 */
class SensorModesIT {

    private static final Path CALLS_APP = Path.of("target", "test-c", "calls-app").toAbsolutePath();
    private static final List<String> CALLS = List.of("uname", "sysinfo", "getrusage", "getpriority", "personality");

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();

    static Stream<Arguments> testImages() {
        return Stream.of(
                Arguments.of("tiny-app", (Supplier<String>) TestImages::tinyApp),
                Arguments.of("files-app", (Supplier<String>) TestImages::filesApp),
                Arguments.of("nginx-app", (Supplier<String>) TestImages::nginxApp),
                Arguments.of("config-app", (Supplier<String>) TestImages::configApp),
                Arguments.of("python-app", (Supplier<String>) TestImages::pythonApp),
                Arguments.of("node-app", (Supplier<String>) TestImages::nodeApp));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testImages")
    void fastKeepsTheFilesExactKeepsAndItsProfileStartsAndVerifies(String name, Supplier<String> image)
            throws IOException {
        SlimSpec spec = SlimSpec.of(image.get());

        RecordingListener fastLog = new RecordingListener();
        SlimResult fast = slim(spec, SensorMode.FAST, true, fastLog);
        RecordingListener exactLog = new RecordingListener();
        SlimResult exact = slim(spec, SensorMode.EXACT, false, exactLog);

        assertThat(fast.verified()).as("under its own seccomp profile:\n" + fastLog.log()).isTrue();
        assertThat(fastLog.log()).contains("FAST mode").contains("because the sensor let them through");
        assertThat(exactLog.log()).contains("EXACT mode");
        Set<String> fastFiles = files(fast.slimImage());
        assertThat(fastFiles).as("the files of the FAST job's image").hasSizeGreaterThan(3)
                .isEqualTo(files(exact.slimImage()));
    }

    @Test
    void aCallTheApplicationNeverMadeFailsWithEpermUnderTheFastProfile() throws Exception {
        String image = callsAppImage();
        assertThat(askForCalls(image, null)).as("natively").isEqualTo(expectedCalls("ok"));

        RecordingListener log = new RecordingListener();
        SlimResult result = slim(SlimSpec.of(image), SensorMode.FAST, true, log);

        assertThat(result.verified()).as(log.log()).isTrue();
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(seccomp).as("allowed though never seen").contains("\"sched_yield\"").contains("\"recvmmsg\"")
                .doesNotContain("\"sysinfo\"");
        assertThat(askForCalls(result.slimImage(), seccomp)).as("under its profile").isEqualTo(expectedCalls("EPERM"));
    }

    private SlimResult slim(SlimSpec spec, SensorMode mode, boolean verify, RecordingListener log) {
        String tag = "slimline-it/modes.slim:" + mode.name().toLowerCase() + "-" + UUID.randomUUID();
        job.removedAfterwards(tag);
        SlimSpec observed = spec.withTargetTag(tag).withSensor(new SlimSpec.Sensor(mode))
                .withOutputs(new SlimSpec.Outputs(true, false, verify));
        return job.runner().slim(job.id(), observed, docker, log);
    }

    /** The paths in the image's filesystem, as an export of a container of it lists them. */
    private Set<String> files(String image) throws IOException {
        String id = docker.container().create(ContainerSpec.of(image).withCommand(List.of("/never-started"), List.of())
                .withLabels(Map.of(SlimlineLabels.JOB, job.id())));
        Set<String> paths = new TreeSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(docker.container().export(id))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                paths.add(entry.getName());
            }
        } finally {
            docker.container().remove(id);
        }
        return paths;
    }

    private static String expectedCalls(String outcome) {
        StringBuilder lines = new StringBuilder();
        CALLS.forEach(call -> lines.append(call).append(' ').append(outcome).append('\n'));
        return lines.toString();
    }

    /** GET /calls of a container of the image, under the profile when one is given. */
    private String askForCalls(String image, String seccompJson) throws Exception {
        ContainerSpec spec = ContainerSpec.of(image).withLabels(Map.of(SlimlineLabels.JOB, job.id()))
                .withPublishedPorts(List.of("8080/tcp"), "127.0.0.1");
        String id = docker.container().create(seccompJson == null ? spec
                : spec.withSecurityOpts(List.of("seccomp=" + seccompJson)));
        try {
            docker.container().start(id);
            int port = docker.container().inspect(id).hostPorts().get("8080/tcp");
            return LocalHttp.get(port, "/calls", Duration.ofSeconds(20)).body();
        } finally {
            docker.container().remove(id);
        }
    }

    /** calls-app (built by the Maven build) alone in a FROM scratch image. */
    private String callsAppImage() throws IOException {
        String tag = "slimline-it/calls-app:" + UUID.randomUUID().toString().substring(0, 8);
        byte[] dockerfile = "FROM scratch\nCOPY calls-app /calls-app\nEXPOSE 8080\nENTRYPOINT [\"/calls-app\"]\n"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(context)) {
            add(tar, "Dockerfile", dockerfile, 0100644);
            add(tar, "calls-app", Files.readAllBytes(CALLS_APP), 0100755);
        }
        docker.image().build(new java.io.ByteArrayInputStream(context.toByteArray()), Set.of(tag),
                Map.of("slimline.test", "sensor-modes-it"), line -> { });
        job.removedAfterwards(tag);
        return tag;
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
