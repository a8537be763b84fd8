package dev.slimline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How verification judged the slim image's answers, for the job's result.
 *
 * @param probes one verdict per probe, in the order they were sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JudgingSummary(List<ProbeVerdict> probes) {

    public JudgingSummary {
        probes = probes == null ? List.of() : List.copyOf(probes);
    }
}
