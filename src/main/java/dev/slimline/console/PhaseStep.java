package dev.slimline.console;

import dev.slimline.job.JobStatus;
import dev.slimline.pipeline.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One phase on the job page's timeline.
 *
 * @param state {@code done}, {@code running}, {@code failed}, {@code pending} or {@code skipped}
 * @param duration how long it took, when the report says so; empty otherwise
 * @param widthPercent its share of the job's measured time, for the bar (0 without a duration)
 */
record PhaseStep(String name, String state, String duration, double widthPercent) {

    /** The phase that writes the report, so the report cannot hold its duration. */
    private static final Phase LAST = Phase.PUBLISH;

    /**
     * The phases of a job in order. With the report's {@code phaseMillis} (lower-case phase
     * names), those measured are done with their duration (and a succeeded job's last phase, whose
     * duration the report it writes cannot hold); otherwise the job's current or failed phase tells
     * which came before it. A succeeded job's phases missing from its report did not run.
     */
    static List<PhaseStep> timeline(JobStatus status, Phase current, Phase failedIn, Map<String, Long> phaseMillis) {
        long total = phaseMillis.values().stream().mapToLong(Long::longValue).sum();
        Phase reached = failedIn != null ? failedIn : current;
        List<PhaseStep> steps = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            String name = phase.name().toLowerCase(Locale.ROOT);
            Long millis = phaseMillis.get(name);
            String state;
            if (status == JobStatus.SUCCEEDED) {
                state = millis != null || phase == LAST || phaseMillis.isEmpty() ? "done" : "skipped";
            } else if (phase == failedIn && status.isTerminal()) {
                state = "failed";
            } else if (millis != null || reached != null && phase.compareTo(reached) < 0) {
                state = "done";
            } else if (phase == current && status == JobStatus.RUNNING) {
                state = "running";
            } else {
                state = "pending";
            }
            steps.add(new PhaseStep(name, state, millis == null ? "" : Formats.duration(Duration.ofMillis(millis)),
                    millis == null || total == 0 ? 0 : Math.max(0.5, 100.0 * millis / total)));
        }
        return steps;
    }
}
