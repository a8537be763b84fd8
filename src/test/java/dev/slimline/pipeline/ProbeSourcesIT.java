package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.ExecResult;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.probe.CrawlProbes;
import dev.slimline.probe.ExecProbe;
import dev.slimline.probe.OpenApiProbes;
import dev.slimline.probe.TcpProbe;
import dev.slimline.testsupport.LocalHttp;
import dev.slimline.testsupport.TestImages;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole jobs exercised by the probe sources beside the job's own HTTP probes: commands run in the
 * container, TCP exchanges, requests from an OpenAPI document, pages found by crawling.
 */
class ProbeSourcesIT {

    /** SHA-256 of "hello", as {@code process hello} in the worker image prints it. */
    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();
    private String slimTag;

    @Test
    void aWorkerWithoutPortsIsVerifiedByItsCommandProbes() throws Exception {
        slimTag = job.slimTag("worker-app");
        RecordingListener listener = new RecordingListener();
        SlimSpec.Probes commandsOnly = new SlimSpec.Probes(false, List.of(), null, null, 0,
                SlimSpec.StopMode.AFTER_PROBES, null,
                List.of(new ExecProbe(List.of("/usr/local/bin/process", "hello"), null, null, null, HELLO_SHA256,
                        null)),
                List.of());

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(TestImages.workerApp()).withTargetTag(slimTag).withProbes(commandsOnly), docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.verification()).isEqualTo(VerificationStatus.VERIFIED);
        assertThat(result.probeCounts()).containsEntry("exec", new ProbeCount(1, 1, 1))
                .containsEntry("default", new ProbeCount(0, 0, 0));
        assertThat(listener.log()).contains("Probe exec [/usr/local/bin/process, hello] -> exit code 0: "
                + HELLO_SHA256).contains("The command probe (/.slimline/probe-1.json) used");
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        ExecResult again = runUnderProfile(slimTag, seccomp, List.of("/usr/local/bin/process", "hello"));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.stdout()).contains(HELLO_SHA256);
        assertThat(runUnderProfile(slimTag, seccomp, List.of("/usr/bin/md5sum", "/etc/passwd")).exitCode())
                .as("a program no probe ran is not kept").isNotZero();
    }

    @Test
    void aCommandProbeThatFailsInTheObservedRunFailsTheJobInProbe() {
        RecordingListener listener = new RecordingListener();
        SlimSpec.Probes wrongDigest = new SlimSpec.Probes(false, List.of(), null, null, 0,
                SlimSpec.StopMode.AFTER_PROBES, null,
                List.of(new ExecProbe(List.of("/usr/local/bin/process", "hello"), "nobody", Map.of("LC_ALL", "C"),
                        0, "not-the-digest", 20)),
                List.of());

        assertThatThrownBy(() -> job.runner().slim(job.id(), SlimSpec.of(TestImages.workerApp()).withProbes(wrongDigest),
                docker, listener))
                .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.phase()).isEqualTo(Phase.PROBE))
                .hasMessageContaining("probe exec [/usr/local/bin/process, hello] its stdout does not contain "
                        + "\"not-the-digest\"")
                .hasMessageContaining(HELLO_SHA256);
    }

    @Test
    void redisIsVerifiedByTcpAndCommandProbesAndAnswersUnderItsOwnProfile() throws Exception {
        slimTag = job.slimTag("redis-app");
        RecordingListener listener = new RecordingListener();
        SlimSpec.Probes probes = new SlimSpec.Probes(true, List.of(), null, null, 0, SlimSpec.StopMode.AFTER_PROBES,
                null,
                List.of(new ExecProbe(List.of("redis-cli", "set", "k", "v"), null, null, null, "OK", null),
                        new ExecProbe(List.of("redis-cli", "get", "k"), null, null, null, "v", null)),
                List.of(new TcpProbe(6379, "PING\r\n", null, "+PONG", null, null)));

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(TestImages.redisApp()).withTargetTag(slimTag).withProbes(probes), docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.probeCounts()).containsEntry("tcp", new ProbeCount(1, 1, 1))
                .containsEntry("exec", new ProbeCount(2, 2, 2)).containsEntry("default", new ProbeCount(0, 0, 0));
        assertThat(listener.log()).contains("Port 6379 is probed over TCP: no default GET / is sent to it")
                .contains("Probe tcp :6379 \"PING\\r\\n\" -> +PONG\\r\\n");
        assertThat(result.slimSizeBytes() * 5).as("at least 5 times smaller than %d bytes", result.originalSizeBytes())
                .isLessThanOrEqualTo(result.originalSizeBytes());
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(pingUnderProfile(slimTag, seccomp)).startsWith("+PONG");
        System.out.println("redis-app: " + result.originalSizeBytes() + " -> " + result.slimSizeBytes() + " bytes");
    }

    private static final List<String> OPERATIONS = List.of("/stats/mean?values=1,2,3,4", "/table", "/version/sqlite");

    @Test
    void openApiProbesMakeEveryOperationAnswerInTheSlimImage() throws Exception {
        slimTag = job.slimTag("openapi-app");
        RecordingListener listener = new RecordingListener();
        SlimSpec.Probes probes = SlimSpec.Probes.DEFAULT.withOpenApi(
                new OpenApiProbes(8080, "/openapi.json", null, null));

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(TestImages.openApiApp()).withTargetTag(slimTag).withProbes(probes), docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(listener.log()).contains("The OpenAPI document gives 3 request(s) on port 8080");
        assertThat(result.probeCounts()).containsEntry("openapi", new ProbeCount(3, 3, 3))
                .containsEntry("default", new ProbeCount(1, 1, 1));
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(statusesUnderProfile(slimTag, seccomp, 8080, OPERATIONS)).containsOnly(200);
    }

    @Test
    void withOnlyTheDefaultProbeTheOperationsDoNotAnswerInTheSlimImage() throws Exception {
        slimTag = job.slimTag("openapi-app");
        RecordingListener listener = new RecordingListener();

        SlimResult result = job.runner().slim(job.id(), SlimSpec.of(TestImages.openApiApp()).withTargetTag(slimTag), docker,
                listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(statusesUnderProfile(slimTag, seccomp, 8080, OPERATIONS)).doesNotContain(200);
    }

    @Test
    void crawlingKeepsEveryLinkedPageAndResourceAndNothingUnlinked() throws Exception {
        slimTag = job.slimTag("site-app");
        RecordingListener listener = new RecordingListener();
        SlimSpec.Probes probes = SlimSpec.Probes.DEFAULT.withCrawl(new CrawlProbes(8080, "/", 100, 3));
        List<String> linked = List.of("/", "/assets/site.css", "/assets/site.js", "/assets/logo.gif",
                "/docs/index.html", "/docs/guide/index.html", "/assets/guide.css", "/assets/guide.js",
                "/assets/diagram.gif", "/docs/guide/faq.html", "/assets/answer.gif");

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(TestImages.siteApp()).withTargetTag(slimTag).withProbes(probes), docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.probeCounts().get("crawl").requests()).isEqualTo(linked.size());
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(statusesUnderProfile(slimTag, seccomp, 8080, linked)).as(linked.toString()).containsOnly(200);
        assertThat(statusesUnderProfile(slimTag, seccomp, 8080, List.of("/unlinked.html", "/assets/unused.png")))
                .as("files no page links to").containsOnly(404);
    }

    /** Starts the image under the profile, as a user would, and GETs each path; returns the statuses. */
    private List<Integer> statusesUnderProfile(String image, String seccompJson, int port, List<String> paths)
            throws Exception {
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "probe-sources-it"))
                .withPublishedPorts(List.of(port + "/tcp"), "127.0.0.1")
                .withSecurityOpts(List.of("seccomp=" + seccompJson)));
        try {
            docker.container().start(id);
            int hostPort = docker.container().inspect(id).hostPorts().get(port + "/tcp");
            List<Integer> statuses = new ArrayList<>();
            for (String path : paths) {
                statuses.add(LocalHttp.get(hostPort, path, Duration.ofSeconds(20)).statusCode());
            }
            return statuses;
        } finally {
            docker.container().remove(id);
        }
    }

    /** Starts the image under the profile, as a user would, and sends it PING until it answers. */
    private String pingUnderProfile(String image, String seccompJson) throws Exception {
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "probe-sources-it"))
                .withPublishedPorts(List.of("6379/tcp"), "127.0.0.1")
                .withSecurityOpts(List.of("seccomp=" + seccompJson)));
        try {
            docker.container().start(id);
            int hostPort = docker.container().inspect(id).hostPorts().get("6379/tcp");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String answer = "";
            while (!answer.startsWith("+PONG") && System.nanoTime() < deadline) {
                answer = ping(hostPort);
                if (!answer.startsWith("+PONG")) {
                    Thread.sleep(200); // redis may not listen yet
                }
            }
            return answer;
        } finally {
            docker.container().remove(id);
        }
    }

    private static String ping(int hostPort) {
        try (Socket socket = new Socket("127.0.0.1", hostPort)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[64];
            int n = socket.getInputStream().read(answer);
            return n <= 0 ? "" : new String(answer, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Starts the image under the profile and runs a command in it, as a user would. */
    private ExecResult runUnderProfile(String image, String seccompJson, List<String> command) throws Exception {
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "probe-sources-it"))
                .withSecurityOpts(List.of("seccomp=" + seccompJson)));
        try {
            docker.container().start(id);
            return docker.exec().run(id, command, Duration.ofSeconds(20), 4096);
        } finally {
            docker.container().remove(id);
        }
    }
}
