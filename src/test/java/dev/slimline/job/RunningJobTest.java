package dev.slimline.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimline.pipeline.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningJobTest {

    @Test
    void numbersLinesAfterTheStoredOnesAndReportsPhaseChangesOnce() {
        RunningJob job = new RunningJob("j", null, 5, 100);

        job.phaseStarted(Phase.PROBE, 30);
        job.log("hello");

        List<LogLine> lines = job.takeLines();
        assertThat(lines).extracting(LogLine::seq).containsExactly(6L, 7L);
        assertThat(lines).extracting(LogLine::text).containsExactly("== PROBE (30%)", "hello");
        assertThat(job.takeLines()).isEmpty();
        assertThat(job.takeProgress()).isEqualTo(new RunningJob.Progress(Phase.PROBE, 30));
        assertThat(job.takeProgress()).isNull();
    }

    @Test
    void keepsAtMostTheConfiguredLinesWithOneNotice() {
        RunningJob job = new RunningJob("j", null, 0, 10);

        for (int i = 0; i < 50; i++) {
            job.log("line " + i);
        }

        List<LogLine> lines = job.takeLines();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(9).text()).isEqualTo("line 9");
        assertThat(lines.get(10).text()).startsWith("(log truncated: more than 10 lines");
    }

    @Test
    void neutralisesControlCharactersAndBoundsLongLinesFromTheContainer() {
        RunningJob job = new RunningJob("j", null, 0, 100);

        job.log("\u001b[31mred\u001b[0m\tand\rreturn");
        job.log("x".repeat(10_000));

        List<LogLine> lines = job.takeLines();
        assertThat(lines.get(0).text()).isEqualTo("\uFFFD[31mred\uFFFD[0m\tand\uFFFDreturn");
        assertThat(lines.get(1).text()).hasSize(RunningJob.MAX_LINE_CHARS + 1).endsWith("…");
    }
}
