package dev.slimline.pipeline;

import dev.slimline.judge.Baseline;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.ProbeOutcome;
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
 * @param outcomes what the other probe sources (exec, ...) got back, in the order they ran
 * @param sensorReports where in the container the sensors of the probes run with exec wrote their reports
 * @param httpSources which source each HTTP probe came from ({@code default}, {@code http}, ...), one per result
 */
record Observation(List<HttpProbe> probes, List<ProbeResult> results, List<ProbeResult> repeats,
        List<Baseline> baselines, Integer healthcheckExitCode, RecordedTraffic traffic,
        List<ProbeOutcome> outcomes, List<String> sensorReports, List<String> httpSources) {

    Observation {
        httpSources = List.copyOf(httpSources);
        outcomes = List.copyOf(outcomes);
        sensorReports = List.copyOf(sensorReports);
    }

    /** Whether anything exercised the application, so that verification has answers to compare. */
    boolean exercised() {
        return !results.isEmpty() || !outcomes.isEmpty() || healthcheckExitCode != null
                || !traffic.exchanges().isEmpty();
    }
}
