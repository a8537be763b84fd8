package dev.slimline.pipeline;

import dev.slimline.judge.Answer;
import dev.slimline.judge.Baseline;
import dev.slimline.probe.HttpProber;
import dev.slimline.probe.ProbeResult;
import dev.slimline.probe.ProbeTarget;
import dev.slimline.probe.ProbeTiming;
import dev.slimline.recording.RecordedExchange;
import dev.slimline.recording.Recording;
import dev.slimline.recording.RecordingProxy;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user's own traffic: while a job observes for a while or until told, a recording proxy
 * stands in front of each published port and its address is announced as the job's
 * {@code observation.endpoints}. Once the observation ends, every recorded request is sent to the
 * original once more, so that what varies in its answers is known when the slim image's answers
 * are judged.
 */
final class TrafficRecorder {

    private final int maxRecorded;
    private final String address;

    TrafficRecorder(int maxRecorded, String address) {
        this.maxRecorded = maxRecorded;
        this.address = address;
    }

    RecordedTraffic around(JobRun run, HttpProber prober, List<ProbeTarget> targets, ProbeTiming timing,
            Runnable observe) {
        Recording recording = new Recording(maxRecorded);
        List<RecordingProxy> proxies = new ArrayList<>();
        try {
            List<ObservationEndpoint> endpoints = new ArrayList<>();
            for (ProbeTarget target : targets) {
                RecordingProxy proxy = new RecordingProxy(target.containerPort(), address, target.host(),
                        target.hostPort(), recording, RecordingProxy.Limits.DEFAULT);
                proxies.add(proxy);
                endpoints.add(new ObservationEndpoint(target.containerPort(), "http://"
                        + (address.contains(":") ? "[" + address + "]" : address) + ":" + proxy.port()));
            }
            run.listener().observationEndpoints(List.copyOf(endpoints));
            for (ObservationEndpoint endpoint : endpoints) {
                run.log("Container port " + endpoint.containerPort() + " can be reached at " + endpoint.url()
                        + " while observed; HTTP/1.1 exchanges through it are recorded and replayed against the"
                        + " slim image (at most " + maxRecorded + ")");
            }
            observe.run();
        } catch (IOException e) {
            throw new PipelineException(Phase.PROBE, "could not start a recording proxy on " + address + ": "
                    + e.getMessage(), e);
        } finally {
            proxies.forEach(RecordingProxy::close);
            run.listener().observationEndpoints(List.of());
        }
        List<RecordedExchange> exchanges = recording.exchanges();
        run.log("Recorded " + exchanges.size() + " exchange(s) through the proxies"
                + (recording.notRecorded() == 0 ? "" : "; " + recording.notRecorded()
                        + " more were not recorded (over slimline.pipeline.max-recorded-requests or the body cap)")
                + (recording.passedThrough() == 0 ? "" : "; " + recording.passedThrough()
                        + " connection(s) did not speak HTTP/1.x and were relayed unrecorded"));
        List<Baseline> baselines = new ArrayList<>();
        for (RecordedExchange exchange : exchanges) {
            Answer recorded = recordedAnswer(exchange);
            ProbeResult again = prober.sendRecorded(Judging.target(targets, exchange.containerPort()),
                    exchange.method(), exchange.path(), headers(exchange), exchange.requestBody(), timing);
            if (!again.complete()) {
                run.log("Recorded request " + exchange.method() + " " + exchange.path() + " sent again: "
                        + again.error() + "; its answer will be compared exactly");
            }
            baselines.add(Baseline.learn(recorded, again.complete() ? Judging.answer(again) : recorded));
        }
        return new RecordedTraffic(exchanges, baselines, recording.notRecorded(), recording.passedThrough());
    }

    static Answer recordedAnswer(RecordedExchange exchange) {
        return new Answer(exchange.status(), exchange.contentType(), exchange.sha256(), exchange.body());
    }

    static List<Map.Entry<String, String>> headers(RecordedExchange exchange) {
        return exchange.replayHeaders().stream()
                .<Map.Entry<String, String>>map(h -> new AbstractMap.SimpleImmutableEntry<>(h.name(), h.value()))
                .toList();
    }
}
