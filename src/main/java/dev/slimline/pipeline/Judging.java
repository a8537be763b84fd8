package dev.slimline.pipeline;

import dev.slimline.judge.Answer;
import dev.slimline.judge.Baseline;
import dev.slimline.judge.Method;
import dev.slimline.judge.Verdict;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.HttpProber;
import dev.slimline.probe.ProbeResult;
import dev.slimline.probe.ProbeTarget;
import dev.slimline.probe.ProbeTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the probes and the judge: in observation, every probe is sent a second time after a
 * short pause, so that what varies in the original's answers is known, and the user's rules are
 * checked against the original; in verification, each of the slim image's answers gets a verdict.
 */
final class Judging {

    /** Long enough for a clock in an answer to move on; short enough not to matter for a job. */
    static final Duration PAUSE = Duration.ofSeconds(1);

    private Judging() {
    }

    /**
     * What the original's answers taught.
     *
     * @param repeats the second answer to each probe
     * @param baselines what to expect of each probe's answer, learnt from both
     */
    record Learned(List<ProbeResult> repeats, List<Baseline> baselines) {
    }

    /**
     * Sends every probe again and learns from both answers.
     *
     * @throws PipelineException when an answer does not end or the original breaks a rule the user stated
     */
    static Learned learn(JobRun run, HttpProber prober, List<ProbeTarget> targets, List<HttpProbe> sent,
            List<ProbeResult> first, ProbeTiming timing, HttpProber.Liveness liveness) {
        if (!first.isEmpty()) {
            pause();
        }
        List<ProbeResult> repeats = new ArrayList<>();
        List<Baseline> baselines = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            ProbeResult before = first.get(i);
            ProbeResult again = prober.replay(before, target(targets, before.port()), sent.get(i), timing, liveness,
                    run::log);
            if (!again.complete()) {
                throw new PipelineException(Phase.PROBE, "probe " + again.request() + " (container port "
                        + again.port() + "), sent a second time: " + again.error()
                        + ", so the original's answers cannot be compared with the slim image's");
            }
            HttpProbe probe = sent.get(i);
            if (probe.expect() != null) {
                for (ProbeResult answer : List.of(before, again)) {
                    Verdict verdict = probe.expect().judge(answer(answer));
                    if (!verdict.passed()) {
                        throw new PipelineException(Phase.PROBE, "probe " + answer.request() + " (container port "
                                + answer.port() + "): the original application breaks the probe's expect rule: "
                                + verdict.difference());
                    }
                }
            }
            Baseline baseline = Baseline.learn(answer(before), answer(again));
            run.log("Probe " + probe.method() + " " + probe.path() + " on port " + before.port() + " will be judged by "
                    + (probe.expect() != null ? "its expect rule" : baseline.method() == Method.EXACT
                            ? "exact comparison (the original answered identically twice)"
                            : "structure (the original's answers varied)"));
            repeats.add(again);
            baselines.add(baseline);
        }
        return new Learned(repeats, baselines);
    }

    /** The verdict on the slim image's answer to a probe whose original answers taught {@code baseline}. */
    static ProbeVerdict judge(HttpProbe probe, Baseline baseline, ProbeResult after) {
        Method method = probe.expect() != null ? Method.RULE : baseline.method();
        Verdict verdict;
        if (!after.complete()) {
            verdict = new Verdict(method, false, after.error(), null, null);
        } else if (probe.expect() != null) {
            verdict = probe.expect().judge(answer(after));
        } else {
            verdict = baseline.judge(answer(after));
        }
        return ProbeVerdict.of(probe.method(), probe.path(), after.port(), verdict);
    }

    static Answer answer(ProbeResult result) {
        return new Answer(result.status(), result.contentType(), result.bodySha256(), result.body());
    }

    static ProbeTarget target(List<ProbeTarget> targets, int containerPort) {
        return targets.stream().filter(t -> t.containerPort() == containerPort).findFirst().orElseThrow();
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.PROBE, "the job was canceled", e);
        }
    }
}
