package dev.slimline.pipeline;

import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts of the requests of a job per probe source, and of those that passed. */
final class ProbeCounts {

    /** Every source a request can come from, in the order the job view lists them. */
    static final List<String> SOURCES = List.of("default", "http", "exec", "tcp", "openapi", "crawl", "external");

    private ProbeCounts() {
    }

    static Map<String, ProbeCount> of(Observation observation, Verification verification) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        SOURCES.forEach(source -> counts.put(source, new int[3]));
        for (int i = 0; i < observation.results().size(); i++) {
            ProbeResult result = observation.results().get(i);
            int[] count = counts.get(observation.httpSources().get(i));
            count[0]++;
            count[1] += result.ok() ? 1 : 0;
            count[2] += verification != null && i < verification.verdicts().size()
                    && verification.verdicts().get(i).passed() ? 1 : 0;
        }
        int[] external = counts.get("external");
        external[0] += observation.traffic().exchanges().size();
        external[1] += observation.traffic().exchanges().size();
        if (verification != null) {
            external[2] += (int) verification.trafficVerdicts().stream().filter(ProbeVerdict::passed).count();
        }
        for (ProbeOutcome outcome : observation.outcomes()) {
            int[] count = counts.get(outcome.source());
            count[0]++;
            count[1] += outcome.passed() ? 1 : 0;
        }
        if (verification != null) {
            for (ProbeOutcome outcome : verification.outcomes()) {
                counts.get(outcome.source())[2] += outcome.passed() ? 1 : 0;
            }
        }
        Map<String, ProbeCount> out = new LinkedHashMap<>();
        counts.forEach((source, count) -> out.put(source,
                new ProbeCount(count[0], count[1], verification == null ? null : count[2])));
        return out;
    }
}
