package dev.slimline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.slimline.docker.DockerApi;
import dev.slimline.docker.SlimlineLabels;
import dev.slimline.probe.HttpProbe;
import dev.slimline.testsupport.DockerTestSupport;
import dev.slimline.testsupport.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A probe's deadline covers the whole exchange: an answer that never ends, or that trickles a
 * byte every 5 s (so each read alone would be quick enough), fails that probe and the job soon,
 * instead of holding the job until its own time limit.
 */
class ProbeDeadlineIT {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(6);
    private static final int RETRIES = 1;
    /** The whole job, start and clean-up included: request timeout × attempts + 30 s. */
    private static final Duration BOUND = REQUEST_TIMEOUT.multipliedBy(RETRIES + 1).plusSeconds(30);

    private final DockerApi docker = DockerTestSupport.api();
    private final PipelineRunner runner = new PipelineRunner(new PipelineProperties(10));
    private final String jobId = "it-" + UUID.randomUUID();

    @AfterEach
    void nothingLeftBehind() {
        assertThat(docker.container().listByLabel(SlimlineLabels.JOB, jobId)).as("containers of the job").isEmpty();
    }

    @Test
    void anAnswerThatTricklesFailsItsProbeAtTheDeadline() {
        PipelineException e = failure("/trickle");

        assertThat(e.phase()).isEqualTo(Phase.PROBE);
        assertThat(e.getMessage()).contains("GET http://").contains("/trickle").contains("container port 8080")
                .contains("the answer did not end within 6 s");
    }

    @Test
    void anAnswerThatNeverEndsFailsItsProbeAtTheDeadline() {
        PipelineException e = failure("/never-ends");

        assertThat(e.phase()).isEqualTo(Phase.PROBE);
        assertThat(e.getMessage()).contains("/never-ends").contains("the answer did not end within 6 s");
    }

    private PipelineException failure(String path) {
        String image = TestImages.varyingApp();
        SlimSpec spec = SlimSpec.of(image).withProbes(new SlimSpec.Probes(true,
                List.of(new HttpProbe("GET", path, 8080, Map.of(), null, null)),
                SlimSpec.Probes.DEFAULT.readinessTimeout(), REQUEST_TIMEOUT, RETRIES, SlimSpec.StopMode.AFTER_PROBES,
                null));
        RecordingListener listener = new RecordingListener();
        return assertTimeoutPreemptively(BOUND, () -> catchThrowableOfType(PipelineException.class,
                () -> runner.slim(jobId, spec, docker, listener)), () -> "the job was still running: " + listener.log());
    }
}
