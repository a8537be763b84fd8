package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.ExecResult;
import dev.slimline.docker.ImageConfig;
import dev.slimline.judge.Baseline;
import dev.slimline.judge.Verdict;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.HttpProber;
import dev.slimline.probe.ProbeEnvironment;
import dev.slimline.probe.ProbeException;
import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import dev.slimline.probe.ProbeSource;
import dev.slimline.probe.ProbeTarget;
import dev.slimline.probe.ProbeTiming;
import dev.slimline.recording.RecordedExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 9: run the slim image the way the original ran, with its seccomp profile applied, replay
 * the probes, and compare every answer with the instrumented run's.
 */
final class VerifyPhase {

    private static final Duration QUIET_RUN = Duration.ofSeconds(5);
    private static final int NAMED_TRAFFIC_DIFFERENCES = 5;

    private final HttpProber prober;

    VerifyPhase(HttpProber prober) {
        this.prober = prober;
    }

    Verification run(JobRun run, Inspection inspection, String slimImageId, String seccompJson,
            Observation observation) {
        SlimSpec spec = run.spec();
        ContainerSpec container = Sandbox.apply(run, ContainerSpec.of(slimImageId)
                .withCommand(inspection.entrypoint(), inspection.cmd())
                .withProcess(spec.overrides().envEntries(), spec.overrides().workdir(),
                        spec.overrides().user())
                .withSecurityOpts(seccompJson == null ? List.of() : List.of("seccomp=" + seccompJson)),
                "verify", inspection.ports());
        if (run.hasNetwork()) {
            container = container.withNetwork(run.network(), List.of(SlimSpec.APPLICATION_HOST));
        }
        String id = run.createContainer(container);
        run.log("Running the slim image" + (seccompJson == null ? "" : " under its seccomp profile")
                + " and replaying " + (observation.results().size() + observation.outcomes().size())
                + " probe(s) and " + observation.traffic().exchanges().size() + " recorded request(s)");
        try (AppOutput output = new AppOutput()) {
            try {
                run.docker().container().start(id);
            } catch (RuntimeException e) {
                return failed(List.of(), "the slim image did not start: " + e.getMessage());
            }
            output.follow(run, id, "slim| ");
            List<ProbeTarget> targets;
            try {
                targets = ProbePhase.targets(run, inspection, id, output);
            } catch (ProbeException e) {
                return failed(List.of(), "the slim image: " + e.getMessage());
            }
            HttpProber.Liveness liveness = () -> ProbePhase.whyDead(run, id, output, "before it answered");
            List<ProbeResult> results = new ArrayList<>();
            List<ProbeVerdict> verdicts = new ArrayList<>();
            List<String> differences = new ArrayList<>();
            for (int i = 0; i < observation.results().size(); i++) {
                ProbeResult before = observation.results().get(i);
                HttpProbe probe = observation.probes().get(i);
                ProbeResult after;
                try {
                    after = prober.replay(before, Judging.target(targets, before.port()), probe,
                            ProbePhase.timing(spec.probes()), liveness, run::log);
                } catch (ProbeException e) {
                    differences.add("the slim image: " + e.getMessage());
                    return new Verification(false, results, verdicts, differences, null, List.of(), List.of());
                }
                results.add(after);
                ProbeVerdict verdict = Judging.judge(probe, observation.baselines().get(i), after);
                verdicts.add(verdict);
                if (!verdict.passed()) {
                    differences.add("probe " + after.request() + " (container port " + after.port() + ", judged by "
                            + verdict.judgedBy().name().toLowerCase() + "): " + verdict.difference());
                }
            }
            List<ProbeVerdict> trafficVerdicts = replayTraffic(observation.traffic(), targets,
                    ProbePhase.timing(spec.probes()), differences);
            List<ProbeOutcome> outcomes;
            try {
                outcomes = replaySources(run, id, targets, liveness, observation, differences);
            } catch (ProbeException e) {
                differences.add("the slim image: " + e.getMessage());
                return new Verification(false, results, verdicts, differences, null, trafficVerdicts, List.of());
            }
            if (observation.results().isEmpty() && observation.traffic().exchanges().isEmpty()
                    && observation.outcomes().isEmpty()) {
                Waiting.sleep(QUIET_RUN, Phase.VERIFY);
            }
            compareHealthcheck(run, inspection, id, observation, differences);
            String dead = ProbePhase.whyDead(run, id, output, "while it was verified");
            if (dead != null) {
                differences.add("the slim image: " + dead);
            }
            return new Verification(differences.isEmpty(), results, verdicts, differences,
                    new JudgingSummary.Traffic(observation.traffic().exchanges().size(),
                            observation.traffic().notRecorded(), observation.traffic().passedThrough(),
                            trafficVerdicts.size(), (int) trafficVerdicts.stream().filter(ProbeVerdict::passed).count()),
                    trafficVerdicts, outcomes);
        } finally {
            run.removeContainer(id);
        }
    }

    /**
     * Sends every request recorded while the original was observed to the slim image and judges
     * each answer; the first few differences are named, the rest counted.
     */
    private List<ProbeVerdict> replayTraffic(RecordedTraffic traffic, List<ProbeTarget> targets, ProbeTiming timing,
            List<String> differences) {
        List<ProbeVerdict> verdicts = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < traffic.exchanges().size(); i++) {
            RecordedExchange exchange = traffic.exchanges().get(i);
            Baseline baseline = traffic.baselines().get(i);
            ProbeResult after = prober.sendRecorded(Judging.target(targets, exchange.containerPort()),
                    exchange.method(), exchange.path(), TrafficRecorder.headers(exchange), exchange.requestBody(),
                    timing);
            Verdict verdict = after.complete() ? baseline.judge(Judging.answer(after))
                    : new Verdict(baseline.method(), false, after.error(), null, null);
            verdicts.add(ProbeVerdict.of(exchange.method(), exchange.path(), exchange.containerPort(), verdict));
            if (!verdict.passed() && ++failed <= NAMED_TRAFFIC_DIFFERENCES) {
                differences.add("recorded request " + after.request() + " (container port " + after.port()
                        + ", judged by " + verdict.judgedBy().name().toLowerCase() + "): " + verdict.difference());
            }
        }
        if (failed > NAMED_TRAFFIC_DIFFERENCES) {
            differences.add((failed - NAMED_TRAFFIC_DIFFERENCES) + " more recorded request(s) were answered differently");
        }
        return verdicts;
    }

    /**
     * The probes of the other sources (exec, ...) sent again to the slim image, which must meet
     * the same expectations as the original did.
     */
    private static List<ProbeOutcome> replaySources(JobRun run, String id, List<ProbeTarget> targets,
            HttpProber.Liveness liveness, Observation observation, List<String> differences) {
        ProbeEnvironment.CommandRunner commands = (cmd, user, env, timeout) -> {
            ExecResult result = run.docker().exec().run(id, cmd, user, ProbePhase.envEntries(env), timeout,
                    ProbePhase.COMMAND_OUTPUT_BYTES);
            return new ProbeEnvironment.CommandResult(result.exitCode(), result.stdout(), result.output());
        };
        ProbeEnvironment environment = new ProbeEnvironment(targets, commands, ProbePhase.timing(run.spec().probes()),
                liveness, run::log);
        List<ProbeOutcome> outcomes = new ArrayList<>();
        List<ProbeSource> sources = new ArrayList<>(ProbePhase.sourcesBeforeHttp(run.spec().probes(), targets));
        sources.addAll(ProbePhase.sourcesAfterHttp(run.spec().probes()));
        for (ProbeSource source : sources) {
            outcomes.addAll(source.run(environment));
        }
        for (ProbeOutcome outcome : outcomes) {
            if (!outcome.passed()) {
                String before = observation.outcomes().stream().filter(o -> o.request().equals(outcome.request()))
                        .map(ProbeOutcome::answer).findFirst().orElse(null);
                differences.add("probe " + outcome.request() + " " + outcome.error() + " (" + outcome.answer() + ")"
                        + (before == null ? "" : " where the original answered " + before));
            }
        }
        return outcomes;
    }

    /** The slim image's own HEALTHCHECK, run once, must end as the original's did. */
    private static void compareHealthcheck(JobRun run, Inspection inspection, String id, Observation observation,
            List<String> differences) {
        if (observation.healthcheckExitCode() == null) {
            return;
        }
        ImageConfig.Healthcheck check = inspection.image().config().healthcheck();
        ExecResult result = run.docker().exec().run(id, check.command(), ProbePhase.healthcheckTimeout(check),
                ProbePhase.HEALTHCHECK_OUTPUT_BYTES);
        run.log("The slim image's HEALTHCHECK exited with code " + result.exitCode());
        if (result.exitCode() != observation.healthcheckExitCode()) {
            differences.add("the HEALTHCHECK " + check.command() + " exited with code " + result.exitCode()
                    + " where the original's exited with " + observation.healthcheckExitCode()
                    + (result.output().isBlank() ? "" : " (" + result.output().strip() + ")"));
        }
    }

    private static Verification failed(List<ProbeResult> results, String reason) {
        return new Verification(false, results, List.of(), List.of(reason), null, List.of(), List.of());
    }
}
