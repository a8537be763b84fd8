package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.testsupport.DockerTestSupport;
import dev.slimline.testsupport.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jobs that cannot succeed fail in the right phase, say why, and leave nothing behind. */
class PipelineFailuresIT {

    private final DockerApi docker = DockerTestSupport.api();
    private final PipelineRunner runner = new PipelineRunner(new PipelineProperties(10));
    private final String jobId = "it-" + UUID.randomUUID();

    @AfterEach
    void nothingLeftBehind() {
        assertThat(docker.container().listByLabel(SlimlineLabels.JOB, jobId)).as("containers of the job").isEmpty();
        assertThat(docker.image().listByLabel(SlimlineLabels.SOURCE_JOB, jobId)).as("images of the job").isEmpty();
    }

    private PipelineException failure(SlimSpec spec) {
        return catchThrowableOfType(PipelineException.class,
                () -> runner.slim(jobId, spec, docker, new RecordingListener()));
    }

    @Test
    void anApplicationThatExitsAtOnceFailsWhileProbingWithItsExitCode() {
        PipelineException e = failure(SlimSpec.of(TestImages.exitApp()));

        assertThat(e.phase()).isEqualTo(Phase.PROBE);
        assertThat(e.getMessage()).contains("exited with code 3").contains("before it answered");
    }

    @Test
    void anImageWithoutPortsCannotBeProbedByDefault() {
        PipelineException e = failure(SlimSpec.of(TestImages.noPortApp()));

        assertThat(e.phase()).isEqualTo(Phase.INSPECT);
        assertThat(e.getMessage()).contains("exposes no TCP port").contains("overrides.exposePorts");
    }

    @Test
    void aPortThatNeverAnswersFailsAfterTheReadinessTimeout() {
        SlimSpec.Probes probes = new SlimSpec.Probes(true, List.of(), Duration.ofSeconds(4), Duration.ofSeconds(2), 0,
                SlimSpec.StopMode.AFTER_PROBES, null);
        SlimSpec spec = SlimSpec.of(TestImages.noPortApp())
                .withOverrides(new SlimSpec.Overrides(null, null, Map.of(), null, null, List.of("8080")))
                .withProbes(probes);

        PipelineException e = failure(spec);

        assertThat(e.phase()).isEqualTo(Phase.PROBE);
        assertThat(e.getMessage()).contains("nothing answered").contains("port 8080").contains("4 s");
    }

    @Test
    void aMissingImageIsNotPulledWhenPullingIsDisabled() {
        PipelineException e = failure(SlimSpec.of("slimline-test/does-not-exist:" + jobId)
                .withPull(SlimSpec.PullPolicy.NEVER));

        assertThat(e.phase()).isEqualTo(Phase.INSPECT);
        assertThat(e.getMessage()).contains("is not on Docker host").contains("pull: NEVER");
    }
}
