package dev.slimline.pipeline;

import dev.slimline.docker.ContainerState;
import dev.slimline.docker.ExecResult;
import dev.slimline.docker.ImageConfig;
import dev.slimline.probe.CrawlSource;
import dev.slimline.probe.ExecSource;
import dev.slimline.probe.HttpProbe;
import dev.slimline.probe.HttpProber;
import dev.slimline.probe.OpenApiSource;
import dev.slimline.probe.ProbeEnvironment;
import dev.slimline.probe.ProbeException;
import dev.slimline.probe.ProbeOutcome;
import dev.slimline.probe.ProbeResult;
import dev.slimline.probe.ProbeSource;
import dev.slimline.probe.ProbeTarget;
import dev.slimline.probe.ProbeTiming;
import dev.slimline.probe.RequestSource;
import dev.slimline.probe.TcpSource;
import dev.slimline.sensor.SensorCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Phase 3: start the instrumented application, wait until it answers, exercise it with the job's
 * probes, and keep observing for as long as the job asks.
 */
final class ProbePhase {

    private static final Duration POLL = Duration.ofMillis(500);
    static final int HEALTHCHECK_OUTPUT_BYTES = 4096;
    static final int COMMAND_OUTPUT_BYTES = 65536;

    private final HttpProber prober;
    private final TrafficRecorder recorder;

    ProbePhase(HttpProber prober, TrafficRecorder recorder) {
        this.prober = prober;
        this.recorder = recorder;
    }

    Observation run(JobRun run, Inspection inspection, String containerId, AppOutput output) {
        SlimSpec.Probes probes = run.spec().probes();
        long started = System.nanoTime();
        run.docker().container().start(containerId);
        output.follow(run, containerId, "app| ");
        run.log("Started the instrumented application");
        HttpProber.Liveness liveness = () -> whyDead(run, containerId, output, "before it answered");
        List<String> sensorReports = new ArrayList<>();
        List<ProbeTarget> targets;
        List<ProbeTarget> httpTargets;
        List<ProbeResult> results;
        List<ProbeOutcome> outcomes = new ArrayList<>();
        ProbeEnvironment environment;
        try {
            targets = targets(run, inspection, containerId, output);
            environment = new ProbeEnvironment(targets, observedCommands(run, containerId, sensorReports),
                    timing(probes), liveness, run::log);
            outcomes.addAll(runSources(sourcesBeforeHttp(probes, targets), environment));
            httpTargets = httpTargets(probes, targets, run::log);
            results = prober.run(httpTargets, probes.defaultProbes(), probes.http(), timing(probes), liveness,
                    run::log);
        } catch (ProbeException e) {
            throw new PipelineException(Phase.PROBE, e.getMessage(), e);
        }
        List<HttpProbe> sent = new ArrayList<>(sentProbes(probes, httpTargets, results));
        List<String> httpSources = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            httpSources.add(probes.defaultProbes() && i < httpTargets.size() ? "default" : "http");
        }
        results = new ArrayList<>(results);
        for (RequestSource source : requestSources(probes)) {
            try {
                List<HttpProbe> requests = source.requests(environment);
                results.addAll(prober.run(targets, false, requests, timing(probes), liveness, run::log));
                sent.addAll(requests);
                requests.forEach(r -> httpSources.add(source.name()));
            } catch (ProbeException e) {
                throw new PipelineException(Phase.PROBE, e.getMessage(), e);
            }
        }
        for (int i = 0; i < results.size(); i++) {
            ProbeResult result = results.get(i);
            if (!result.complete() || !result.ok() && sent.get(i).expectStatus() != null) {
                throw new PipelineException(Phase.PROBE, "probe " + result.request() + " (container port "
                        + result.port() + "): " + result.error()
                        + " in the instrumented run, so the observation is not of a working application");
            }
        }
        Judging.Learned learned;
        try {
            learned = Judging.learn(run, prober, targets, sent, results, timing(probes), liveness);
        } catch (ProbeException e) {
            throw new PipelineException(Phase.PROBE, e.getMessage(), e);
        }
        outcomes.addAll(runSources(sourcesAfterHttp(probes), environment));
        Integer healthcheck = runHealthcheck(run, inspection, containerId);
        RecordedTraffic traffic = probes.stop() == SlimSpec.StopMode.AFTER_PROBES ? RecordedTraffic.NONE
                : recorder.around(run, prober, targets, timing(probes),
                        () -> observeFurther(run, probes, started, containerId, output));
        String dead = whyDead(run, containerId, output, "while it was observed");
        if (dead != null) {
            run.log("Note: " + dead);
        }
        return new Observation(sent, results, learned.repeats(), learned.baselines(), healthcheck, traffic,
                outcomes, sensorReports, httpSources);
    }

    /**
     * The sources that run before the HTTP probes: TCP, which is also the readiness check of ports
     * that speak no HTTP. Ports that nothing probes are waited for with a bare connection when
     * commands are to run, so that they find the service listening.
     */
    static List<ProbeSource> sourcesBeforeHttp(SlimSpec.Probes probes, List<ProbeTarget> targets) {
        List<Integer> unprobed = probes.exec().isEmpty() ? List.of() : targets.stream()
                .map(ProbeTarget::containerPort)
                .filter(port -> !tcpPorts(probes).contains(port) && !httpProbes(probes, port))
                .toList();
        if (probes.tcp().isEmpty() && unprobed.isEmpty()) {
            return List.of();
        }
        return List.of(new TcpSource(probes.tcp(), unprobed));
    }

    /** The sources of more HTTP requests, asked once the job's own HTTP probes have run. */
    static List<RequestSource> requestSources(SlimSpec.Probes probes) {
        List<RequestSource> sources = new ArrayList<>();
        if (probes.openApi() != null) {
            sources.add(new OpenApiSource(probes.openApi()));
        }
        if (probes.crawl() != null) {
            sources.add(new CrawlSource(probes.crawl()));
        }
        return sources;
    }

    /** The sources that run after the HTTP probes, once the application answers: commands. */
    static List<ProbeSource> sourcesAfterHttp(SlimSpec.Probes probes) {
        return probes.exec().isEmpty() ? List.of() : List.of(new ExecSource(probes.exec()));
    }

    /** The ports HTTP probes go to: a port with TCP probes speaks something else, unless a probe names it. */
    static List<ProbeTarget> httpTargets(SlimSpec.Probes probes, List<ProbeTarget> targets, Consumer<String> log) {
        Set<Integer> tcp = tcpPorts(probes);
        List<ProbeTarget> http = new ArrayList<>();
        for (ProbeTarget target : targets) {
            int port = target.containerPort();
            boolean named = probes.http().stream().anyMatch(h -> h.port() != null && h.port() == port);
            if (tcp.contains(port) && !named) {
                if (probes.defaultProbes()) {
                    log.accept("Port " + port + " is probed over TCP: no default GET / is sent to it");
                }
            } else {
                http.add(target);
            }
        }
        return http;
    }

    private static Set<Integer> tcpPorts(SlimSpec.Probes probes) {
        Set<Integer> ports = new HashSet<>();
        probes.tcp().forEach(t -> ports.add(t.port()));
        return ports;
    }

    private static boolean httpProbes(SlimSpec.Probes probes, int port) {
        return probes.defaultProbes() || probes.http().stream().anyMatch(h -> h.port() == null || h.port() == port);
    }

    private static List<ProbeOutcome> runSources(List<ProbeSource> sources, ProbeEnvironment environment) {
        List<ProbeOutcome> outcomes = new ArrayList<>();
        for (ProbeSource source : sources) {
            List<ProbeOutcome> ran;
            try {
                ran = source.run(environment);
            } catch (ProbeException e) {
                throw new PipelineException(Phase.PROBE, e.getMessage(), e);
            }
            for (ProbeOutcome outcome : ran) {
                if (!outcome.passed()) {
                    throw new PipelineException(Phase.PROBE, "probe " + outcome.request() + " " + outcome.error()
                            + " in the instrumented run, so the observation is not of a working application ("
                            + outcome.answer() + ")");
                }
            }
            outcomes.addAll(ran);
        }
        return outcomes;
    }

    /**
     * Commands run as the HEALTHCHECK is: through the Engine's exec, outside the process tree the
     * sensor traces, so each runs under a sensor of its own whose report joins the observation.
     */
    private static ProbeEnvironment.CommandRunner observedCommands(JobRun run, String containerId,
            List<String> sensorReports) {
        return (cmd, user, env, timeout) -> {
            String report = SensorCommand.DIRECTORY + "/probe-" + (sensorReports.size() + 1) + ".json";
            sensorReports.add(report);
            ExecResult result = run.docker().exec().run(containerId,
                    SensorCommand.wrap(cmd, 0, report, run.spec().sensor().mode()), user, envEntries(env),
                    timeout.plusSeconds(5), COMMAND_OUTPUT_BYTES);
            return new ProbeEnvironment.CommandResult(result.exitCode(), result.stdout(), result.output());
        };
    }

    static List<String> envEntries(Map<String, String> env) {
        return new TreeMap<>(env).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
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
                            probe.body(), probe.expectStatus(), probe.expect()));
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
                    Waiting.sleep(POLL, Phase.PROBE);
                }
            }
            case WHEN_TOLD -> {
                run.log("Observing the application until the job is told to stop");
                while (!run.listener().stopRequested() && whyDead(run, containerId, output, "") == null) {
                    Waiting.sleep(POLL, Phase.PROBE);
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
}
