package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slimline.docker.ContainerState;
import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.judge.Expectation;
import dev.slimline.judge.Method;
import dev.slimline.probe.HttpProbe;
import dev.slimline.testsupport.TestImages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

/**
 * Verification of an application whose answers vary: what varied in the original's answers is
 * compared by structure, what did not exactly, and a user's rule decides where given. Every
 * container the job starts, verification's included, runs in the same sandbox.
 */
class VerificationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final PipelineJob job = new PipelineJob();
    private final DockerApi docker = job.docker();
    private String slimTag;

    private static HttpProbe get(String path) {
        return new HttpProbe("GET", path, 8080, Map.of(), null, null);
    }

    private static HttpProbe get(String path, Expectation expect) {
        return new HttpProbe("GET", path, 8080, Map.of(), null, null, expect);
    }

    private SlimSpec spec(List<HttpProbe> probes) {
        slimTag = job.slimTag("varying-app");
        SlimSpec.Probes defaults = SlimSpec.Probes.DEFAULT;
        return SlimSpec.of(TestImages.varyingApp()).withTargetTag(slimTag).withProbes(new SlimSpec.Probes(true, probes,
                defaults.readinessTimeout(), defaults.requestTimeout(), defaults.retries(), defaults.stop(), null));
    }

    @Test
    void answersThatVaryAreJudgedByStructureStableOnesExactlyAndRulesDecideWhereGiven() throws Exception {
        Expectation rule = new Expectation(200, List.of("\"service\":\"varying\""), "\"version\":\\d+",
                Map.of("/version", IntNode.valueOf(3), "/tags/1", JSON.readTree("\"b\"")));
        SlimSpec spec = spec(List.of(get("/stable.json"), get("/time"), get("/uuid"), get("/shuffled"), get("/form"),
                get("/config"), get("/stable.json", rule)));
        RecordingListener listener = new RecordingListener();
        Map<String, ContainerState> seen = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = watch(seen, done);

        SlimResult result;
        try {
            result = job.runner().slim(job.id(), spec, docker, listener);
        } finally {
            done.set(true);
            watcher.join();
        }

        assertThat(result.verified()).as(listener.log()).isTrue();
        assertThat(result.judging().probes()).extracting(ProbeVerdict::request, ProbeVerdict::judgedBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET /", Method.EXACT),
                        org.assertj.core.groups.Tuple.tuple("GET /stable.json", Method.EXACT),
                        org.assertj.core.groups.Tuple.tuple("GET /time", Method.STRUCTURE),
                        org.assertj.core.groups.Tuple.tuple("GET /uuid", Method.STRUCTURE),
                        org.assertj.core.groups.Tuple.tuple("GET /shuffled", Method.STRUCTURE),
                        org.assertj.core.groups.Tuple.tuple("GET /form", Method.STRUCTURE),
                        org.assertj.core.groups.Tuple.tuple("GET /config", Method.STRUCTURE),
                        org.assertj.core.groups.Tuple.tuple("GET /stable.json", Method.RULE));
        assertThat(result.judging().probes()).allSatisfy(verdict -> assertThat(verdict.passed()).isTrue());
        JsonNode report = JSON.readTree(result.artifacts().get("report.json"));
        assertThat(report.at("/probes/verdicts/2/judgedBy").asString()).isEqualTo("structure");
        assertThat(report.at("/probes/verdicts/0/judgedBy").asString()).isEqualTo("exact");
        assertThat(report.at("/probes/instrumentedAgain").size()).isEqualTo(8);

        assertThat(seen.values()).extracting(c -> c.labels().get(SlimlineLabels.ROLE))
                .contains("instrumented", "export", "verify");
        assertThat(seen.values()).allSatisfy(container -> {
            assertThat(container.memoryBytes()).as("memory limit of " + container.labels()).isPositive();
            assertThat(container.pidsLimit()).as("pids limit of " + container.labels()).isPositive();
            assertThat(container.nanoCpus()).as("CPU limit of " + container.labels()).isPositive();
            assertThat(container.privileged()).isFalse();
            assertThat(container.capAdd()).isEmpty();
            assertThat(container.labels()).containsEntry(SlimlineLabels.JOB, job.id());
        });
        assertThat(seen.values()).filteredOn(c -> !c.hostIps().isEmpty())
                .allSatisfy(c -> assertThat(c.hostIps()).containsOnly(docker.publishAddress()))
                .extracting(c -> c.labels().get(SlimlineLabels.ROLE)).contains("instrumented", "verify");
    }

    @Test
    void aFileOneRouteNeedsRemovedByAnExcludeFailsVerificationNamingTheProbeAndThePointer() {
        SlimSpec spec = spec(List.of(get("/time"), get("/config")))
                .withIncludes(SlimSpec.Includes.NONE, List.of("/opt/app/conf/**"));
        RecordingListener listener = new RecordingListener();

        SlimResult result = job.runner().slim(job.id(), spec, docker, listener);

        assertThat(result.verified()).as(listener.log()).isFalse();
        assertThat(result.verificationFailure()).contains("GET http://").contains("/config")
                .contains("judged by structure").contains("JSON differs at /features/search: missing");
        ProbeVerdict config = result.judging().probes().get(2);
        assertThat(config.request()).isEqualTo("GET /config");
        assertThat(config.passed()).isFalse();
        assertThat(config.pointer()).isEqualTo("/features/search");
        assertThat(result.judging().probes().get(1).passed()).as("/time still answers alike").isTrue();
    }

    @Test
    void aRuleTheOriginalBreaksFailsTheJobWhileProbingWithTheRuleInTheReason() {
        SlimSpec spec = spec(List.of(get("/stable.json", new Expectation(null, null, null,
                Map.of("/version", IntNode.valueOf(4))))));

        PipelineException e = catchThrowableOfType(PipelineException.class,
                () -> job.runner().slim(job.id(), spec, docker, new RecordingListener()));

        assertThat(e.phase()).isEqualTo(Phase.PROBE);
        assertThat(e.getMessage()).contains("/stable.json").contains("breaks the probe's expect rule")
                .contains("expect.json /version = 4 does not hold: the answer has 3");
    }

    /** Inspects every container of the job while it runs, until {@code done}. */
    private Thread watch(Map<String, ContainerState> seen, AtomicBoolean done) {
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                for (ContainerState listed : docker.container().listByLabel(SlimlineLabels.JOB, job.id())) {
                    if (!seen.containsKey(listed.id())) {
                        try {
                            seen.put(listed.id(), docker.container().inspect(listed.id()));
                        } catch (RuntimeException e) {
                            // removed between listing and inspection; a later round sees the next one
                        }
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "container-watcher");
        watcher.start();
        return watcher;
    }
}
