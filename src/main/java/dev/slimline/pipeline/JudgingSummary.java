package dev.slimline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How verification judged the slim image's answers, for the job's result.
 *
 * @param probes one verdict per probe, in the order they were sent
 * @param traffic how the user's recorded traffic fared; null when none was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JudgingSummary(List<ProbeVerdict> probes, Traffic traffic) {

    public JudgingSummary {
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    /**
     * @param recorded exchanges recorded through the proxies while the original was observed
     * @param notRecorded exchanges beyond {@code slimline.pipeline.max-recorded-requests} or the body cap
     * @param passedThrough connections that did not speak HTTP/1.x, relayed unrecorded
     * @param replayed recorded requests sent to the slim image
     * @param equal of those, answered as the original did
     */
    public record Traffic(int recorded, int notRecorded, int passedThrough, int replayed, int equal) {
    }
}
