package dev.slimline.pipeline;

import dev.slimline.docker.ContainerState;
import dev.slimline.docker.ExecResult;
import dev.slimline.docker.ImageConfig;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.HttpProber;
import dev.slimline.probe.ProbeException;
import dev.slimline.probe.ProbeResult;
import dev.slimline.probe.ProbeTarget;
import dev.slimline.probe.ProbeTiming;
import dev.slimline.sensor.SensorCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 3: start the instrumented application, wait until it answers, exercise it with the job's
 * probes, and keep observing for as long as the job asks.
 */
final class ProbePhase {

    private static final Duration POLL = Duration.ofMillis(500);
    static final int HEALTHCHECK_OUTPUT_BYTES = 4096;

    private final HttpProber prober;

    ProbePhase(HttpProber prober) {
        this.prober = prober;
    }

    Observation run(JobRun run, Inspection inspection, String containerId, AppOutput output) {
        SlimSpec.Probes probes = run.spec().probes();
        long started = System.nanoTime();
        run.docker().container().start(containerId);
        output.follow(run, containerId, "app| ");
        run.log("Started the instrumented application");
        HttpProber.Liveness liveness = () -> whyDead(run, containerId, output, "before it answered");
        List<ProbeTarget> targets;
        List<ProbeResult> results;
        try {
            targets = targets(run, inspection, containerId, output);
            results = prober.run(targets, probes.defaultProbes(), probes.http(), timing(probes), liveness, run::log);
        } catch (ProbeException e) {
            throw new PipelineException(Phase.PROBE, e.getMessage(), e);
        }
        List<HttpProbe> sent = sentProbes(probes, targets, results);
        for (int i = 0; i < results.size(); i++) {
            ProbeResult result = results.get(i);
            if (!result.ok() && sent.get(i).expectStatus() != null) {
                throw new PipelineException(Phase.PROBE, "probe " + result.request() + " " + result.error()
                        + " in the instrumented run, so the observation is not of a working application");
            }
        }
        Integer healthcheck = runHealthcheck(run, inspection, containerId);
        observeFurther(run, probes, started, containerId, output);
        String dead = whyDead(run, containerId, output, "while it was observed");
        if (dead != null) {
            run.log("Note: " + dead);
        }
        return new Observation(sent, results, healthcheck);
    }

    /**
     * Docker runs an image's HEALTHCHECK with exec, outside the process tree the sensor traces, so
     * it is run once here under a second sensor: its files and system calls then count as observed,
     * and the slim image can still run its own check.
     */
    private static Integer runHealthcheck(JobRun run, Inspection inspection, String containerId) {
        ImageConfig.Healthcheck check = inspection.image().config().healthcheck();
        List<String> command = check == null ? List.of() : check.command();
        if (command.isEmpty()) {
            return null;
        }
        ExecResult result = run.docker().exec().run(containerId,
                SensorCommand.wrap(command, 0, SensorCommand.HEALTHCHECK_REPORT, run.spec().sensor().mode()),
                healthcheckTimeout(check),
                HEALTHCHECK_OUTPUT_BYTES);
        run.log("Ran the image's HEALTHCHECK " + command + " under the sensor: exit code " + result.exitCode()
                + (result.output().isBlank() ? "" : " (" + result.output().strip() + ")"));
        return result.exitCode();
    }

    static Duration healthcheckTimeout(ImageConfig.Healthcheck check) {
        // Docker's default timeout is 30 s; the sensor needs a moment beyond the check's own
        return (check.timeoutNanos() > 0 ? Duration.ofNanos(check.timeoutNanos()) : Duration.ofSeconds(30))
                .plusSeconds(5);
    }

    static ProbeTiming timing(SlimSpec.Probes probes) {
        return new ProbeTiming(probes.readinessTimeout(), probes.requestTimeout(), probes.retries());
    }

    /** Where each port is published; fails with the reason when the application has already ended. */
    static List<ProbeTarget> targets(JobRun run, Inspection inspection, String containerId, AppOutput output) {
        ContainerState state = run.docker().container().inspect(containerId);
        List<ProbeTarget> targets = new ArrayList<>();
        for (String port : inspection.ports()) {
            Integer hostPort = state.hostPorts().get(port);
            if (hostPort == null) {
                // an exited container has no published ports any more
                String dead = whyDead(run, containerId, output, "before it answered");
                throw new ProbeException(dead != null ? dead
                        : "the daemon did not publish container port " + port);
            }
            targets.add(new ProbeTarget(Integer.parseInt(port.substring(0, port.indexOf('/'))),
                    run.docker().publishAddress(), hostPort));
        }
        return targets;
    }

    /** The probes in the order the prober sent them: defaults first (one per port), then the custom ones. */
    private static List<HttpProbe> sentProbes(SlimSpec.Probes probes, List<ProbeTarget> targets,
            List<ProbeResult> results) {
        List<HttpProbe> sent = new ArrayList<>();
        if (probes.defaultProbes()) {
            for (ProbeTarget target : targets) {
                sent.add(new HttpProbe("GET", "/", target.containerPort(), null, null, null));
            }
        }
        for (HttpProbe probe : probes.http()) {
            for (ProbeTarget target : targets) {
                if (probe.port() == null || probe.port() == target.containerPort()) {
                    sent.add(new HttpProbe(probe.method(), probe.path(), target.containerPort(), probe.headers(),
                            probe.body(), probe.expectStatus()));
                }
            }
        }
        if (sent.size() != results.size()) {
            throw new IllegalStateException("sent " + sent.size() + " probes but got " + results.size() + " results");
        }
        return sent;
    }

    private static void observeFurther(JobRun run, SlimSpec.Probes probes, long started, String containerId,
            AppOutput output) {
        switch (probes.stop()) {
            case AFTER_PROBES -> {
                return;
            }
            case AFTER_DURATION -> {
                Duration window = probes.stopAfter() == null ? Duration.ZERO : probes.stopAfter();
                run.log("Observing the application until " + window.toSeconds() + " s after its start");
                long deadline = started + window.toNanos();
                while (System.nanoTime() < deadline && whyDead(run, containerId, output, "") == null) {
                    sleep(POLL);
                }
            }
            case WHEN_TOLD -> {
                run.log("Observing the application until the job is told to stop");
                while (!run.listener().stopRequested() && whyDead(run, containerId, output, "") == null) {
                    sleep(POLL);
                }
            }
        }
    }

    /** Null while the container runs; otherwise a sentence saying how it ended. */
    static String whyDead(JobRun run, String containerId, AppOutput output, String when) {
        ContainerState state = run.docker().container().inspect(containerId);
        if (state.running()) {
            return null;
        }
        return "the application exited with code " + state.exitCode() + (state.oomKilled() ? " (out of memory)" : "")
                + (when.isEmpty() ? "" : " " + when) + "; " + output.describeTail();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(Phase.PROBE, "the job was canceled", e);
        }
    }
}
