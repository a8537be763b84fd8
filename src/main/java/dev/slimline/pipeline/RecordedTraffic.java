package dev.slimline.pipeline;

import dev.slimline.judge.Baseline;
import dev.slimline.recording.RecordedExchange;
import java.util.List;

/**
 * The user's own traffic through the recording proxies while the application was observed.
 *
 * @param exchanges what was recorded, in order
 * @param baselines for each exchange, what its recorded answer and a second one (the request sent
 *     again to the original once the observation ended) taught
 * @param notRecorded exchanges beyond the maximum, or with a request body over the cap
 * @param passedThrough connections that did not speak HTTP/1.x, relayed unrecorded
 */
record RecordedTraffic(List<RecordedExchange> exchanges, List<Baseline> baselines, int notRecorded,
        int passedThrough) {

    static final RecordedTraffic NONE = new RecordedTraffic(List.of(), List.of(), 0, 0);

    RecordedTraffic {
        exchanges = List.copyOf(exchanges);
        baselines = List.copyOf(baselines);
    }
}
