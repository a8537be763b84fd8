package dev.slimline.pipeline;

import dev.slimline.judge.Baseline;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.ProbeResult;
import java.util.List;

/**
 * What the probe phase saw of the instrumented application.
 *
 * @param probes the requests as sent, one per result, so they can be replayed
 * @param results what each request got back
 * @param repeats what each request got back when it was sent a second time
 * @param baselines what each request's answers taught about the answers to expect
 * @param healthcheckExitCode how the image's HEALTHCHECK, run once under the sensor, ended; null
 *     when the image has none
 * @param traffic the user's own exchanges through the recording proxies
 */
record Observation(List<HttpProbe> probes, List<ProbeResult> results, List<ProbeResult> repeats,
        List<Baseline> baselines, Integer healthcheckExitCode, RecordedTraffic traffic) {
}
