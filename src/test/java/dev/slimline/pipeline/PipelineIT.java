package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.ExecResult;
import dev.slimline.docker.ImageConfig;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.probe.HttpProbe;
import dev.slimline.testsupport.LocalHttp;
import dev.slimline.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whole jobs against the real engine: each slim image must answer like the original, under its profile. */
class PipelineIT {

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();
    private String slimTag;

    @Test
    void slimsTinyAppToItsBusyboxAndPage() throws Exception {
        slimTag = job.slimTag("tiny-app");
        RecordingListener listener = new RecordingListener();

        SlimResult result = job.runner().slim(job.id(), SlimSpec.of(TestImages.tinyApp()).withTargetTag(slimTag), docker,
                listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.slimSizeBytes()).isLessThanOrEqualTo(2_100_000);
        assertThat(listener.phases()).containsExactly(Phase.values());
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(answerUnderProfile(slimTag, seccomp, 8080, "/")).contains("<h1>slimline tiny-app</h1>");
    }

    @Test
    void slimsNodeAppAndItStillAnswersExactly() throws Exception {
        slimTag = job.slimTag("node-app");
        RecordingListener listener = new RecordingListener();

        SlimResult result = job.runner().slim(job.id(), SlimSpec.of(TestImages.nodeApp()).withTargetTag(slimTag), docker,
                listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.slimSizeBytes()).isLessThanOrEqualTo(99_000_000);
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(answerUnderProfile(slimTag, seccomp, 8000, "/"))
                .isEqualTo("{\"status\":\"success\",\"info\":\"yes!!!\",\"service\":\"node\"}");
    }

    @Test
    void pythonAppProbedAtTheRootOnlyAnswersTheRoot() throws Exception {
        slimTag = job.slimTag("python-app");
        RecordingListener listener = new RecordingListener();

        SlimResult result = job.runner().slim(job.id(), SlimSpec.of(TestImages.pythonApp()).withTargetTag(slimTag), docker,
                listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.slimSizeBytes()).isLessThanOrEqualTo(31_000_000);
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(answerUnderProfile(slimTag, seccomp, 5000, "/"))
                .isEqualTo("{\"status\":\"success\",\"info\":\"yes!!!\",\"service\":\"python\"}");
        System.out.println("python-app slim, probed at / only: " + result.slimSizeBytes() + " bytes");
    }

    @Test
    void pythonAppProbedAtBothEndpointsAnswersBoth() throws Exception {
        slimTag = job.slimTag("python-app");
        RecordingListener listener = new RecordingListener();
        SlimSpec.Probes probes = new SlimSpec.Probes(true, List.of(HttpProbe.get("/report")), null, null, 5,
                SlimSpec.StopMode.AFTER_PROBES, null);

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(TestImages.pythonApp()).withTargetTag(slimTag).withProbes(probes), docker, listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(answerUnderProfile(slimTag, seccomp, 5000, "/report"))
                .startsWith("{\"status\":\"success\",\"service\":\"python\",\"report\":\"sales\"")
                .containsPattern("\"sqlite\":\"3\\.\\d+\\.\\d+\"");
        System.out.println("python-app slim, probed at / and /report: " + result.slimSizeBytes() + " bytes");
    }

    @Test
    void theSlimImageKeepsEverySettingOfTheOriginal() throws Exception {
        slimTag = job.slimTag("config-app");
        RecordingListener listener = new RecordingListener();

        SlimResult result = job.runner().slim(job.id(), SlimSpec.of(TestImages.configApp()).withTargetTag(slimTag), docker,
                listener);

        assertThat(result.verified()).as(listener.log()).isTrue();
        ImageConfig original = docker.image().inspect(TestImages.configApp()).orElseThrow().config();
        ImageConfig slim = docker.image().inspect(slimTag).orElseThrow().config();
        assertThat(slim.entrypoint()).isEqualTo(original.entrypoint());
        assertThat(slim.cmd()).isEqualTo(original.cmd());
        assertThat(slim.env()).containsExactlyInAnyOrderElementsOf(original.env())
                .contains("GREETING=costs $5 \"today\"");
        assertThat(slim.workingDir()).isEqualTo("/srv");
        assertThat(slim.user()).isEqualTo("1000:1000");
        assertThat(slim.exposedPorts()).containsExactly("8081/tcp");
        assertThat(slim.volumes()).containsExactly("/data");
        assertThat(slim.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(slim.healthcheck()).isEqualTo(original.healthcheck());
        assertThat(slim.labels()).containsAllEntriesOf(original.labels())
                .containsEntry("slimline.source.image", TestImages.configApp())
                .containsEntry(SlimlineLabels.SOURCE_JOB, job.id())
                .as("a container of the slim image is not the job's").doesNotContainKey(SlimlineLabels.JOB);
        String seccomp = new String(result.artifacts().get("seccomp.json"), StandardCharsets.UTF_8);
        assertThat(answerUnderProfile(slimTag, seccomp, 8081, "/")).contains("<h1>slimline config-app</h1>");
        assertThat(listener.log()).contains("HEALTHCHECK").contains("under the sensor: exit code 0");
        assertThat(healthcheckUnderProfile(slimTag, seccomp)).as("the slim image's own HEALTHCHECK").isZero();
    }

    /** Runs the image under the profile and its HEALTHCHECK once in it, as Docker would; returns the exit code. */
    private int healthcheckUnderProfile(String image, String seccompJson) throws Exception {
        List<String> check = docker.image().inspect(image).orElseThrow().config().healthcheck().command();
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "pipeline-it"))
                .withSecurityOpts(List.of("seccomp=" + seccompJson)));
        try {
            docker.container().start(id);
            ExecResult result = docker.exec().run(id, check, Duration.ofSeconds(20), 4096);
            for (int attempt = 0; result.exitCode() != 0 && attempt < 20; attempt++) {
                Thread.sleep(250); // the server may not listen yet
                result = docker.exec().run(id, check, Duration.ofSeconds(20), 4096);
            }
            return result.exitCode();
        } finally {
            docker.container().remove(id);
        }
    }

    @Test
    void anApplicationWithoutPortsIsObservedForAWhileAndOnlyRanInVerification() {
        slimTag = job.slimTag("noport-app");
        RecordingListener listener = new RecordingListener();
        SlimSpec.Probes watchOnly = new SlimSpec.Probes(false, List.of(), null, null, 0,
                SlimSpec.StopMode.AFTER_DURATION, Duration.ofSeconds(3));

        SlimResult result = job.runner().slim(job.id(),
                SlimSpec.of(TestImages.noPortApp()).withTargetTag(slimTag).withProbes(watchOnly), docker, listener);

        assertThat(result.verified()).as("nothing was compared: " + listener.log()).isFalse();
        assertThat(result.verification()).isEqualTo(VerificationStatus.RAN_ONLY);
        assertThat(listener.log()).contains("Observing the application until 3 s after its start")
                .contains("replaying 0 probe(s)").contains("Not verified (RAN_ONLY): the slim image was started and"
                        + " kept running, but no probe exercised it");
    }

    /** Runs the image as a user would, with the generated profile applied, and returns its answer. */
    private String answerUnderProfile(String image, String seccompJson, int port, String path) throws Exception {
        String id = docker.container().create(ContainerSpec.of(image)
                .withLabels(Map.of(SlimlineLabels.JOB, job.id(), "slimline.test", "pipeline-it"))
                .withPublishedPorts(List.of(port + "/tcp"), "127.0.0.1")
                .withSecurityOpts(List.of("seccomp=" + seccompJson)));
        try {
            docker.container().start(id);
            int hostPort = docker.container().inspect(id).hostPorts().get(port + "/tcp");
            return LocalHttp.get(hostPort, path, Duration.ofSeconds(10)).body();
        } finally {
            docker.container().remove(id);
        }
    }
}
