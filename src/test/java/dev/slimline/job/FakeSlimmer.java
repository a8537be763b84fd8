package dev.slimline.job;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.inventory.InventorySummary;
import dev.slimline.judge.Method;
import dev.slimline.pipeline.JudgingSummary;
import dev.slimline.pipeline.ObservationEndpoint;
import dev.slimline.pipeline.Phase;
import dev.slimline.pipeline.ProbeVerdict;
import dev.slimline.pipeline.PipelineException;
import dev.slimline.pipeline.PipelineListener;
import dev.slimline.pipeline.ProbeCount;
import dev.slimline.pipeline.SlimResult;
import dev.slimline.pipeline.SlimSpec;
import dev.slimline.pipeline.Slimmer;
import dev.slimline.pipeline.VerificationStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Slimmer for tests of the service around the pipeline. What it does depends on the image's
 * repository: {@code fake/fail} fails in PROBE; {@code fake/block} waits in PROBE until
 * interrupted; {@code fake/container} creates a real (never started) container labelled with
 * the job on a network labelled with the job, then waits; {@code fake/slow} logs a line every 100 ms for three seconds;
 * {@code fake/sleep} takes 300 ms; {@code fake/told} observes until told to stop;
 * {@code fake/image} builds a real tiny image as the slim image; {@code fake/unverified} ends with a
 * slim image that failed verification; {@code fake/ran-only} with one that was only started and
 * kept running (nothing probed it); anything else succeeds at once, verified by one default probe.
 * Every run is counted by job id, and its specification kept.
 */
public class FakeSlimmer implements Slimmer {

    /** Label on every image and container this fake creates, for the tests' clean-up. */
    public static final String TEST_LABEL = "slimline.test";
    public static final String TEST_LABEL_VALUE = "api";

    /** The tiny image {@code fake/container} jobs create their container from; tests remove it when done. */
    public static final String BASE_IMAGE = "slimline-test/api-base:latest";

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<String, String> containers = new ConcurrentHashMap<>();
    private final Map<String, SlimSpec> specs = new ConcurrentHashMap<>();

    @Override
    public SlimResult slim(String jobId, SlimSpec spec, DockerApi docker, PipelineListener listener) {
        runs.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet();
        specs.put(jobId, spec);
        String repository = spec.image().replaceAll("[:@].*$", "");
        listener.phaseStarted(Phase.INSPECT, 0);
        listener.log("inspecting " + spec.image());
        String slimTag = "slimline-test/api-" + jobId + ":slim";
        String slimId = "sha256:" + "0".repeat(64);
        boolean unverified = repository.equals("fake/unverified");
        boolean ranOnly = repository.equals("fake/ran-only");
        switch (repository) {
            case "fake/fail" -> {
                listener.phaseStarted(Phase.PROBE, 30);
                throw new PipelineException(Phase.PROBE, "the application did not answer on port 8080");
            }
            case "fake/block" -> waitInProbe(listener);
            case "fake/container" -> {
                String image = tinyImage(docker, BASE_IMAGE, "base");
                Map<String, String> labels = Map.of(SlimlineLabels.JOB, jobId, TEST_LABEL, TEST_LABEL_VALUE);
                String network = "slimline-" + jobId;
                docker.network().create(network, labels);
                String id = docker.container().create(ContainerSpec.of(image).withCommand(List.of("/nothing"), List.of())
                        .withLabels(labels).withNetwork(network, List.of("app")));
                containers.put(jobId, id);
                waitInProbe(listener);
            }
            case "fake/slow" -> {
                listener.phaseStarted(Phase.PROBE, 30);
                for (int i = 0; i < 30; i++) {
                    listener.log("app says line " + i);
                    sleep(100);
                }
            }
            case "fake/sleep" -> sleep(300);
            case "fake/told" -> {
                listener.phaseStarted(Phase.PROBE, 30);
                listener.observationEndpoints(List.of(new ObservationEndpoint(5000, "http://127.0.0.1:41234")));
                while (!listener.stopRequested()) {
                    sleep(20);
                }
                listener.observationEndpoints(List.of());
                listener.log("told to stop observing");
            }
            case "fake/image" -> slimId = tinyImage(docker, slimTag, jobId);
            default -> listener.log("nothing to do for " + spec.image());
        }
        listener.phaseStarted(Phase.PUBLISH, 95);
        VerificationStatus verification = unverified ? VerificationStatus.FAILED
                : ranOnly ? VerificationStatus.RAN_ONLY : VerificationStatus.VERIFIED;
        Map<String, ProbeCount> counts = ranOnly ? Map.of()
                : Map.of("default", new ProbeCount(1, 1, unverified ? 0 : 1));
        return new SlimResult(spec.image(), "sha256:" + "1".repeat(64), 100_000_000L, slimTag, slimId, 5_000_000L,
                verification == VerificationStatus.VERIFIED,
                unverified ? "probe GET http://127.0.0.1:32768/ (container port 8080, judged by structure):"
                        + " JSON differs at /status: \"error\" where the original had \"ok\"" : null,
                Map.of(
                        "seccomp.json", "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}".getBytes(StandardCharsets.UTF_8),
                        "apparmor.profile", "profile slimline-test flags=(attach_disconnected) {}\n"
                                .getBytes(StandardCharsets.UTF_8),
                        "report.json", "{\"kept\":1}".getBytes(StandardCharsets.UTF_8),
                        "Dockerfile", "FROM scratch\nCOPY . /\n".getBytes(StandardCharsets.UTF_8)),
                new InventorySummary(new InventorySummary.Counts(3, 1),
                        Map.of("dpkg", new InventorySummary.Counts(2, 0), "npm", new InventorySummary.Counts(1, 1)),
                        95_000_000L, List.of(new InventorySummary.TopPackage("pkg:npm/express@4.22.3", "express",
                                "4.22.3", "npm", 4_000, 12)), false,
                        List.of("/var/lib/dpkg/status: larger than 16777216 bytes: only the first 16777216 were read"),
                        null),
                new JudgingSummary(List.of(unverified
                        ? new ProbeVerdict("GET /", 8080, Method.STRUCTURE, false,
                                "JSON differs at /status: \"error\" where the original had \"ok\"", "/status", null)
                        : new ProbeVerdict("GET /", 8080, Method.EXACT, true, null, null, null)),
                        spec.image().startsWith("fake/told") ? new JudgingSummary.Traffic(3, 1, 0, 3, 3) : null),
                verification, counts);
    }

    /** How often each job was run. */
    public Map<String, Integer> runs() {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        runs.forEach((id, count) -> out.put(id, count.get()));
        return out;
    }

    public int runsOf(String jobId) {
        AtomicInteger count = runs.get(jobId);
        return count == null ? 0 : count.get();
    }

    /** The specification the job's last run was given, registry credentials included. */
    public SlimSpec specOf(String jobId) {
        return specs.get(jobId);
    }

    /** The container a {@code fake/container} job created. */
    public String containerOf(String jobId) {
        return containers.get(jobId);
    }

    private static void waitInProbe(PipelineListener listener) {
        listener.phaseStarted(Phase.PROBE, 30);
        listener.log("probing; waiting to be stopped");
        while (true) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PipelineException(Phase.PROBE, "interrupted");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.PROBE, "interrupted");
        }
    }

    /** Builds a FROM scratch image holding one small file that says {@code content}; returns its id. */
    public static String tinyImage(DockerApi docker, String tag, String content) {
        return tinyImage(docker, tag, content, Map.of());
    }

    /** The same, with more labels besides the test's own. */
    public static String tinyImage(DockerApi docker, String tag, String content, Map<String, String> labels) {
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(context)) {
            addFile(tar, "Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\nCMD [\"/hello\"]\n");
            addFile(tar, "hello.txt", "hello from " + content + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(TEST_LABEL, TEST_LABEL_VALUE);
        docker.image().build(new ByteArrayInputStream(context.toByteArray()), Set.of(tag), all, line -> { });
        return docker.image().inspect(tag).orElseThrow().id();
    }

    private static void addFile(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
