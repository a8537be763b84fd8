package dev.slimline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.Phase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseStepTest {

    @Test
    void aRunningJobHasItsEarlierPhasesDoneItsCurrentOneRunningAndTheRestPending() {
        List<PhaseStep> steps = PhaseStep.timeline(JobStatus.RUNNING, Phase.BUILD, null, Map.of());
        assertThat(steps).extracting(PhaseStep::state).containsExactly("done", "done", "done", "done", "done",
                "done", "running", "pending", "pending", "pending");
        assertThat(steps).allSatisfy(s -> assertThat(s.duration()).isEmpty());
    }

    @Test
    void aFailedJobShowsThePhaseItFailedIn() {
        List<PhaseStep> steps = PhaseStep.timeline(JobStatus.FAILED, Phase.PROBE, Phase.PROBE, Map.of());
        assertThat(steps).extracting(PhaseStep::name).startsWith("inspect", "instrument", "probe", "stop");
        assertThat(steps).extracting(PhaseStep::state).startsWith("done", "done", "failed", "pending");
    }

    @Test
    void aQueuedJobHasEveryPhasePending() {
        assertThat(PhaseStep.timeline(JobStatus.QUEUED, null, null, Map.of())).extracting(PhaseStep::state)
                .containsOnly("pending");
    }

    @Test
    void theReportsDurationsGiveEachPhaseItsTimeAndShareOfTheBar() {
        Map<String, Long> millis = new LinkedHashMap<>();
        millis.put("inspect", 250L);
        millis.put("instrument", 750L);
        millis.put("probe", 3000L);
        List<PhaseStep> steps = PhaseStep.timeline(JobStatus.SUCCEEDED, Phase.PUBLISH, null, millis);
        assertThat(steps.subList(0, 3)).extracting(PhaseStep::duration).containsExactly("250 ms", "750 ms", "3.0 s");
        assertThat(steps.subList(0, 3)).extracting(PhaseStep::widthPercent).containsExactly(6.25, 18.75, 75.0);
        // publish writes the report, so it is done without a duration; the others did not run
        assertThat(steps.get(9).state()).isEqualTo("done");
        assertThat(steps.get(8).state()).isEqualTo("skipped");
    }
}
