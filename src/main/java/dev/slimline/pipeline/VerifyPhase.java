package dev.slimline.pipeline;

import dev.slimline.docker.ContainerSpec;
import dev.slimline.docker.ExecResult;
import dev.slimline.docker.ImageConfig;
import dev.slimline.probe.HttpProber;
import dev.slimline.probe.ProbeEnvironment;
import dev.slimline.probe.ProbeException;
import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import dev.slimline.probe.ProbeSource;
import dev.slimline.probe.ProbeTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Phase 9: run the slim image the way the original ran, with its seccomp profile applied, replay
 * the probes, and compare every answer with the instrumented run's.
 */
final class VerifyPhase {

    private static final Duration QUIET_RUN = Duration.ofSeconds(5);

    private final HttpProber prober;

    VerifyPhase(HttpProber prober) {
        this.prober = prober;
    }

    Verification run(JobRun run, Inspection inspection, String slimImageId, String seccompJson,
            Observation observation) {
        SlimSpec spec = run.spec();
        ContainerSpec container = ContainerSpec.of(slimImageId)
                .withCommand(inspection.entrypoint(), inspection.cmd())
                .withProcess(spec.overrides().envEntries(), spec.overrides().workdir(),
                        spec.overrides().user())
                .withLabels(run.labels("verify"))
                .withPublishedPorts(inspection.ports(), run.docker().publishAddress())
                .withLimits(spec.limits().memoryBytes(), spec.limits().nanoCpus(), spec.limits().pids())
                .withSecurityOpts(seccompJson == null ? List.of() : List.of("seccomp=" + seccompJson));
        if (run.hasNetwork()) {
            container = container.withNetwork(run.network(), List.of(SlimSpec.APPLICATION_HOST));
        }
        String id = run.createContainer(container);
        run.log("Running the slim image" + (seccompJson == null ? "" : " under its seccomp profile")
                + " and replaying " + (observation.results().size() + observation.outcomes().size()) + " probe(s)");
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
            List<String> differences = new ArrayList<>();
            List<Boolean> matched = new ArrayList<>();
            for (int i = 0; i < observation.results().size(); i++) {
                ProbeResult before = observation.results().get(i);
                ProbeTarget target = targets.stream().filter(t -> t.containerPort() == before.port()).findFirst()
                        .orElseThrow();
                ProbeResult after;
                try {
                    after = prober.replay(before, target, observation.probes().get(i),
                            ProbePhase.timing(spec.probes()), liveness, run::log);
                } catch (ProbeException e) {
                    differences.add("the slim image: " + e.getMessage());
                    return new Verification(false, results, differences);
                }
                results.add(after);
                int differed = differences.size();
                compare(before, after, differences);
                matched.add(differences.size() == differed);
            }
            List<ProbeOutcome> outcomes;
            try {
                outcomes = replaySources(run, id, targets, liveness, observation, differences);
            } catch (ProbeException e) {
                differences.add("the slim image: " + e.getMessage());
                return new Verification(false, results, differences);
            }
            if (observation.results().isEmpty() && observation.outcomes().isEmpty()) {
                sleep(QUIET_RUN);
            }
            compareHealthcheck(run, inspection, id, observation, differences);
            String dead = ProbePhase.whyDead(run, id, output, "while it was verified");
            if (dead != null) {
                differences.add("the slim image: " + dead);
            }
            return new Verification(differences.isEmpty(), results, differences, outcomes, matched);
        } finally {
            run.removeContainer(id);
        }
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

    private static void compare(ProbeResult before, ProbeResult after, List<String> differences) {
        if (before.status() != after.status()) {
            differences.add(after.request() + " answered " + describe(after) + " where the original answered "
                    + before.status());
        } else if (!Objects.equals(before.bodySha256(), after.bodySha256())) {
            differences.add(after.request() + " answered a different body (" + after.bodyBytes() + " bytes, sha256 "
                    + after.bodySha256() + ") than the original (" + before.bodyBytes() + " bytes, sha256 "
                    + before.bodySha256() + ")");
        }
    }

    private static String describe(ProbeResult result) {
        return result.status() == 0 ? "nothing (" + result.error() + ")" : String.valueOf(result.status());
    }

    private static Verification failed(List<ProbeResult> results, String reason) {
        return new Verification(false, results, List.of(reason));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.VERIFY, "the job was canceled", e);
        }
    }
}
